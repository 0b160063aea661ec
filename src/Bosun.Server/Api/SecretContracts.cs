using System.Text.Json.Serialization;

namespace Bosun.Server.Api;

/// <summary>A secret as the secret-service API shows it (Keptn's <c>model.GetSecretResponseItem</c>): never its values.</summary>
internal sealed record SecretItem(string Name, string Scope, IReadOnlyList<string> Keys);

/// <summary>Keptn's <c>model.GetSecretsResponse</c>; its one field is spelled with a capital S.</summary>
internal sealed record SecretList([property: JsonPropertyName("Secrets")] IReadOnlyList<SecretItem> Secrets);

/// <summary>Keptn's <c>model.GetScopesResponse</c>.</summary>
internal sealed record SecretScopeList(IReadOnlyList<string> Scopes);
