namespace Bosun.Server.Api;

/// <summary>Keptn's <c>GET /v1/metadata</c> answer (api/swagger.yaml <c>metadata</c>); camel case spells each name as Keptn does.</summary>
internal sealed record KeptnMetadata(
    string Namespace,
    string Keptnlabel,
    string Keptnversion,
    string Bosunversion,
    string Shipyardversion,
    string Bridgeversion,
    IReadOnlyDictionary<string, string> Keptnservices,
    bool Continuousdelivery,
    bool Automaticprovisioning);
