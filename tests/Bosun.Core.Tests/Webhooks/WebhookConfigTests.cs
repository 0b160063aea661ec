using System.Text.Json.Nodes;
using Bosun.Core.Events;
using Bosun.Core.Webhooks;

namespace Bosun.Core.Tests.Webhooks;

/// <summary>spec/keptn.md §5.2–§5.4: both file formats, their defaults, rendering with missingkey=error, masking.</summary>
public sealed class WebhookConfigTests
{
    private const string Alpha = """
        apiVersion: webhookconfig.keptn.sh/v1alpha1
        kind: WebhookConfig
        metadata:
          name: webhook-configuration
        spec:
          webhooks:
            - type: sh.keptn.event.deliver.triggered
              subscriptionID: sub-1
              sendFinished: false
              envFrom:
                - name: secret_argo_token
                  secretRef:
                    name: argo
                    key: token
              requests:
                - "curl --header 'Authorization: Bearer {{.env.secret_argo_token}}' --request POST --data '{\"infos\":[{\"name\":\"triggeredid\",\"value\":\"{{.id}}\"},{\"name\":\"shkeptncontext\",\"value\":\"{{.shkeptncontext}}\"}],\"prune\":true}' https://argocd.example.com/api/v1/applications/{{.data.labels.appname}}/sync"
        """;

    private const string Beta = """
        apiVersion: webhookconfig.keptn.sh/v1beta1
        kind: WebhookConfig
        metadata:
          name: notify
        spec:
          webhooks:
            - type: sh.keptn.event.test.triggered
              sendStarted: false
              sendFinished: true
              requests:
                - url: https://hooks.example.com/{{.data.project}}
                  method: post
                  headers:
                    - key: X-Stage
                      value: "{{.data.stage}}"
                  payload: '{"service": "{{.data.service}}", "version": "{{.data.labels.version}}"}'
        """;

    private static KeptnEvent Event() => new("t-1", "shipyard-controller", "sh.keptn.event.deliver.triggered", "ctx-1", null,
        DateTimeOffset.UnixEpoch, (JsonObject)JsonNode.Parse("""{"project":"podtato","stage":"dev","service":"web","labels":{"appname":"podtato-app","version":"v2"}}""")!);

    [Fact]
    public void Alpha_DefaultsAndRendering_AsKeptnsWebhookService()
    {
        var config = WebhookConfig.Parse(Alpha);
        var hook = Assert.Single(config.Webhooks);
        Assert.Equal(("sh.keptn.event.deliver.triggered", "sub-1", true, false), (hook.Type, hook.SubscriptionId, hook.SendStarted, hook.SendFinished));
        Assert.Equal(new EnvFromSecret("secret_argo_token", "argo", "token"), Assert.Single(hook.EnvFrom));

        var env = new Dictionary<string, string> { ["secret_argo_token"] = "s3cret" };
        var request = WebhookRenderer.Render(hook.Requests[0], WebhookRenderer.Data(Event(), env), env);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://argocd.example.com/api/v1/applications/podtato-app/sync", request.Url.ToString());
        Assert.Contains(new KeyValuePair<string, string>("Authorization", "Bearer s3cret"), request.Headers);
        Assert.Equal("""{"infos":[{"name":"triggeredid","value":"t-1"},{"name":"shkeptncontext","value":"ctx-1"}],"prune":true}""", request.Body);
    }

    [Fact]
    public void Beta_RequestObjects_AreRenderedFieldByField()
    {
        var hook = Assert.Single(WebhookConfig.Parse(Beta).Webhooks);
        Assert.Equal((false, true), (hook.SendStarted, hook.SendFinished));
        var request = WebhookRenderer.Render(hook.Requests[0], WebhookRenderer.Data(Event(), new Dictionary<string, string>()), new Dictionary<string, string>());
        Assert.Equal(("POST", "https://hooks.example.com/podtato"), (request.Method, request.Url.ToString()));
        Assert.Contains(new KeyValuePair<string, string>("X-Stage", "dev"), request.Headers);
        Assert.Equal("""{"service": "web", "version": "v2"}""", request.Body);
    }

    [Fact]
    public void MissingKey_FailsTheRequest_NamingTheKey()
    {
        var template = new CurlTemplate("curl https://h.example/{{.data.labels.nothere}}");
        var error = Assert.Throws<WebhookException>(() => WebhookRenderer.Render(template, WebhookRenderer.Data(Event(), new Dictionary<string, string>()), new Dictionary<string, string>()));
        Assert.StartsWith("template error:", error.Message);
        Assert.Contains("nothere", error.Message);
    }

    [Fact]
    public void SecretValues_NeverAppearInMessages()
    {
        var env = new Dictionary<string, string> { ["token"] = "s3cret" };
        var template = new CurlTemplate("curl -H 'Authorization: {{.env.token}}' https://h.example/{{.env.token}};");
        var error = Assert.Throws<WebhookException>(() => WebhookRenderer.Render(template, WebhookRenderer.Data(Event(), env), env));
        Assert.DoesNotContain("s3cret", error.Message);
        Assert.Equal("the curl command contains the forbidden character sequence ';'", error.Message);
        Assert.Equal("Bearer *** and ***", WebhookRenderer.Mask("Bearer s3cret and s3cret", env));
    }

    [Theory]
    [InlineData("a: [unclosed", "webhook.yaml is not valid YAML")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v2\nkind: WebhookConfig\nspec: {webhooks: [{type: x, requests: ['curl https://a/']}]}", "webhook.yaml apiVersion 'webhookconfig.keptn.sh/v2' is not webhookconfig.keptn.sh/v1alpha1 or webhookconfig.keptn.sh/v1beta1")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v1alpha1\nkind: Other\nspec: {}", "webhook.yaml kind 'Other' is not WebhookConfig")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v1alpha1\nkind: WebhookConfig\nspec: {webhooks: []}", "webhook.yaml spec.webhooks must be a non-empty list")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v1alpha1\nkind: WebhookConfig\nspec: {webhooks: [{type: x, requests: []}]}", "spec.webhooks[0].requests must be a non-empty list")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v1alpha1\nkind: WebhookConfig\nspec: {webhooks: [{requests: ['curl https://a/']}]}", "spec.webhooks[0].type is required")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v1alpha1\nkind: WebhookConfig\nspec: {webhooks: [{type: x, requests: [{url: 'https://a/'}]}]}", "spec.webhooks[0].requests[0] must be a curl command string (webhookconfig.keptn.sh/v1alpha1)")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v1beta1\nkind: WebhookConfig\nspec: {webhooks: [{type: x, requests: [{url: 'https://a/', method: PATCH}]}]}", "spec.webhooks[0].requests[0].method 'PATCH' is not one of POST, PUT, GET, HEAD")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v1beta1\nkind: WebhookConfig\nspec: {webhooks: [{type: x, requests: [{url: 'https://a/', method: GET, headers: [{key: A}]}]}]}", "spec.webhooks[0].requests[0].headers[0] needs a non-empty key and value")]
    [InlineData("apiVersion: webhookconfig.keptn.sh/v1alpha1\nkind: WebhookConfig\nspec: {webhooks: [{type: x, sendFinished: maybe, requests: ['curl https://a/']}]}", "spec.webhooks[0].sendFinished 'maybe' must be true or false")]
    public void BadFiles_AreRefused_NamingTheField(string yaml, string message) =>
        Assert.StartsWith(message, Assert.Throws<WebhookException>(() => WebhookConfig.Parse(yaml)).Message);
}
