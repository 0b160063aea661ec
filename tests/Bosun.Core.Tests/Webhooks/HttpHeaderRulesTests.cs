using Bosun.Core.Webhooks;

namespace Bosun.Core.Tests.Webhooks;

/// <summary>RFC 9110 header rules on what webhooks send: no value can split a request, no name can be more than a token.</summary>
public sealed class HttpHeaderRulesTests
{
    [Theory]
    [InlineData("X-Label", "v1\r\nAuthorization: Bearer stolen")]
    [InlineData("X-Label", "v1\nGET /second HTTP/1.1")]
    [InlineData("X-Label", "v1\0")]
    [InlineData("X-Label", "v1\u0007")]
    [InlineData("X Label", "v")]
    [InlineData("X-Label:", "v")]
    [InlineData("X-Label\r\n", "v")]
    [InlineData("", "v")]
    [InlineData("Ünicode", "v")]
    public void BadHeaders_AreRefused(string name, string value) => Assert.NotNull(HttpHeaderRules.Check(name, value));

    [Theory]
    [InlineData("Content-Type", "application/json; charset=utf-8")]
    [InlineData("X-Weird_!#$%&'*+.^`|~", "tab\tinside")]
    [InlineData("Authorization", "Bearer abc")]
    [InlineData("X-Empty", "")]
    public void OrdinaryHeaders_Pass(string name, string value) => Assert.Null(HttpHeaderRules.Check(name, value));

    [Fact]
    public void Refusal_NeverEchoesTheValue() =>
        Assert.DoesNotContain("s3cret", HttpHeaderRules.Check("Authorization", "Bearer s3cret\r\n")!);

    [Fact]
    public void RenderedLabel_WithCrLf_FailsTheBetaRequest()
    {
        var config = WebhookConfig.Parse("""
            apiVersion: webhookconfig.keptn.sh/v1beta1
            kind: WebhookConfig
            metadata: {name: webhook-configuration}
            spec:
              webhooks:
                - type: sh.keptn.event.test.triggered
                  requests:
                    - url: https://receiver.example.com/hook
                      method: POST
                      headers:
                        - key: X-Version
                          value: "{{.data.labels.version}}"
                      payload: "{}"
            """);
        var data = new System.Text.Json.Nodes.JsonObject
        {
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["labels"] = new System.Text.Json.Nodes.JsonObject { ["version"] = "1\r\nAuthorization: Bearer x" } },
        };
        var e = Assert.Throws<WebhookException>(() => WebhookRenderer.Render(config.Webhooks[0].Requests[0], data, new Dictionary<string, string>()));
        Assert.Contains("control character", e.Message);
    }

    [Fact]
    public void CurlHeader_WithCrLf_IsRefused() =>
        Assert.Contains("control character", Assert.Throws<WebhookException>(() => CurlCommand.Parse("curl -H $'X-A: 1\\r\\nX-B: 2' https://h.example/".Replace("$'", "'", StringComparison.Ordinal).Replace("\\r\\n", "\r\n", StringComparison.Ordinal))).Message);
}
