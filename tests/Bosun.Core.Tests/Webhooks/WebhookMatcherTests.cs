using Bosun.Core.Webhooks;

namespace Bosun.Core.Tests.Webhooks;

public sealed class WebhookMatcherTests
{
    private static WebhookConfig Config(params (string Type, string? Subscription)[] hooks) => new(WebhookConfig.Alpha, "w",
        hooks.Select(h => new WebhookSpec(h.Type, h.Subscription, true, false, [], [new CurlTemplate("curl https://h.example/")])).ToList());

    private static readonly Dictionary<string, SubscriptionFilter> Subscriptions = new()
    {
        ["sub-dev"] = new("sh.keptn.event.test.triggered", ["podtato"], ["dev"], []),
        ["sub-prod"] = new("sh.keptn.event.test.triggered", ["podtato"], ["prod"], []),
        ["sub-all"] = new("sh.keptn.event.test.triggered", [], [], []),
    };

    private static List<string> Keys(IReadOnlyList<(WebhookLevel, WebhookConfig)> files, string stage = "dev") =>
        WebhookMatcher.Match(files, "sh.keptn.event.test.triggered", "podtato", stage, "web", id => Subscriptions.GetValueOrDefault(id))
            .Select(m => m.Key).ToList();

    [Fact]
    public void UnnamedEntries_ComeFromTheMostSpecificFile()
    {
        var files = new List<(WebhookLevel, WebhookConfig)>
        {
            (WebhookLevel.Project, Config(("sh.keptn.event.test.triggered", null))),
            (WebhookLevel.Service, Config(("sh.keptn.event.test.triggered", null), ("sh.keptn.event.other.triggered", null))),
        };
        Assert.Equal(["service webhook 0"], Keys(files));
        Assert.Equal(["project webhook 0"], Keys([files[0]]));
    }

    [Fact]
    public void KnownSubscriptions_FollowTheirFilters_AndOverlappingOnesBothRun()
    {
        var files = new List<(WebhookLevel, WebhookConfig)>
        {
            (WebhookLevel.Project, Config(("sh.keptn.event.test.triggered", "sub-dev"), ("sh.keptn.event.test.triggered", "sub-prod"), ("sh.keptn.event.test.triggered", "sub-all"))),
        };
        Assert.Equal(["subscription sub-dev", "subscription sub-all"], Keys(files, "dev"));
        Assert.Equal(["subscription sub-prod", "subscription sub-all"], Keys(files, "prod"));
    }

    [Fact]
    public void ASubscriptionAnswersOnce_FromTheMostSpecificLevel()
    {
        var files = new List<(WebhookLevel, WebhookConfig)>
        {
            (WebhookLevel.Project, Config(("sh.keptn.event.test.triggered", "sub-all"))),
            (WebhookLevel.Stage, Config(("sh.keptn.event.test.triggered", "sub-all"))),
        };
        var match = Assert.Single(WebhookMatcher.Match(files, "sh.keptn.event.test.triggered", "podtato", "dev", "web", id => Subscriptions.GetValueOrDefault(id)));
        Assert.Equal(WebhookLevel.Stage, match.Level);
    }

    [Fact]
    public void UnknownSubscriptionId_SubscribesByTypeInTheFilesScope() =>
        Assert.Equal(["stage webhook 0"], Keys([(WebhookLevel.Stage, Config(("sh.keptn.event.test.triggered", "{{ $subscription_id }}")))]));
}
