using Bosun.Core.Remediation;
using Bosun.Core.Webhooks;

namespace Bosun.Core.Tests.Webhooks;

/// <summary>Found by eng/fuzz.sh: a list or a scalar where a parser expected a mapping is its own error, never an InvalidOperationException.</summary>
public sealed class WrongShapeTests
{
    private const string Head = "apiVersion: webhookconfig.keptn.sh/v1beta1\nkind: WebhookConfig\nmetadata: {name: w}\n";

    [Theory]
    [InlineData("spec: [1]\n")]
    [InlineData("spec: {webhooks: [{type: sh.keptn.event.test.triggered, envFrom: [{name: t, secretRef: [x]}], requests: [{url: 'https://h', method: POST}]}]}\n")]
    [InlineData("spec: {webhooks: [{type: sh.keptn.event.test.triggered, requests: [{url: 'https://h', method: POST, headers: [[k, v], 3]}]}]}\n")]
    public void Webhook_WrongShape_IsAWebhookException(string spec) =>
        Assert.Throws<WebhookException>(() => WebhookConfig.Parse(Head + spec));

    [Theory]
    [InlineData("spec: [remediations]\n")]
    [InlineData("spec: remediations\n")]
    public void Remediation_WrongShape_IsARemediationException(string spec) =>
        Assert.Throws<RemediationException>(() => RemediationFile.Parse("apiVersion: spec.keptn.sh/0.1.4\nkind: Remediation\n" + spec));
}
