using System.Text;
using System.Text.Unicode;
using Bosun.Core.Evaluation;
using Bosun.Core.Monitoring;
using Bosun.Core.Remediation;
using Bosun.Core.Shipyard;
using Bosun.Core.Webhooks;
using Bosun.Server.Engine;
using Bosun.Server.Workers;

namespace Bosun.Server.Api;

/// <summary>
/// What may be stored under each resource URI (DESIGN §2's well-known resources): each well-known file must be
/// UTF-8 text of its own kind, within its size limit, and pass its parser, so a file that cannot be used is refused at
/// upload instead of failing tasks later. Any other URI holds up to <see cref="OtherMaxBytes"/> of anything.
/// </summary>
internal static class ResourceKinds
{
    /// <summary>A well-known YAML file: far above any real one (Keptn's largest shipyards are a few KiB).</summary>
    public const int WellKnownMaxBytes = 256 * 1024;

    /// <summary>Any other resource (Helm charts, test files, …).</summary>
    public const int OtherMaxBytes = 4 * 1024 * 1024;

    /// <summary>A resource request body: base64 makes 4 MiB about 5.4 MiB.</summary>
    public const int BodyMaxBytes = 8 * 1024 * 1024;

    /// <summary>Null when <paramref name="content"/> may be stored under <paramref name="uri"/>; else a message naming the file and the rule.</summary>
    public static string? Check(string uri, bool projectLevel, byte[] content, out ShipyardSpec? shipyard)
    {
        shipyard = null;
        var parse = Parser(uri, projectLevel);
        var limit = parse is null ? OtherMaxBytes : WellKnownMaxBytes;
        if (content.Length > limit)
        {
            return $"{uri} is {content.Length} bytes, more than the limit of {limit / 1024} KiB for this resource";
        }
        if (parse is null)
        {
            return null;
        }
        if (!Utf8.IsValid(content))
        {
            return $"{uri} is not UTF-8 text";
        }
        try
        {
            shipyard = parse(Encoding.UTF8.GetString(content));
            return null;
        }
        catch (Exception e) when (e is ShipyardException or SloException or RemediationException or WebhookException)
        {
            return e.Message.StartsWith(uri, StringComparison.Ordinal) || e.Message.StartsWith("shipyard", StringComparison.Ordinal) ? e.Message : $"{uri}: {e.Message}";
        }
    }

    /// <summary>The parser of a well-known URI (it returns the shipyard for shipyard.yaml), or null for any other.</summary>
    private static Func<string, ShipyardSpec?>? Parser(string uri, bool projectLevel) => uri switch
    {
        ProjectChanges.ShipyardUri when projectLevel => ShipyardParser.Parse,
        ResourceEndpoints.SloFileName => text => Ignore(SloFile.ParseStrict(text)),
        GetActionIntegration.FileName => text => Ignore(RemediationFile.Parse(text)),
        SliFile.PrometheusUri => text => Ignore(SliFile.Parse(text, "upload")),
        ResourceEndpoints.WebhookFile => text => Ignore(WebhookConfig.Parse(text)),
        _ => null,
    };

    private static ShipyardSpec? Ignore(object _) => null;
}
