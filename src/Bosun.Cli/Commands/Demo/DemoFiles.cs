namespace Bosun.Cli.Commands.Demo;

/// <summary>The sample project <c>bosun demo</c> creates, written to disk so each step can be repeated by hand.</summary>
internal static class DemoFiles
{
    public const string Project = "demo";
    public const string Service = "web";
    public const string DevApp = "demo-web-dev";
    public const string ProdApp = "demo-web-prod";
    public const string SliProvider = "demo-metrics";

    /// <summary>dev delivers what Argo CD reports, tests it with a webhook and gates it; prod waits for an approval, then the same.</summary>
    public const string Shipyard = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata:
          name: demo
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deliver
                    - name: test
                    - name: evaluation
                      properties:
                        timeframe: 5m
            - name: prod
              sequences:
                - name: delivery
                  triggeredOn:
                    - event: dev.delivery.finished
                  tasks:
                    - name: approval
                      properties:
                        pass: manual
                        warning: manual
                    - name: deliver
                      properties:
                        application: demo-web-prod
                    - name: test
                    - name: evaluation
                      properties:
                        timeframe: 5m
        """;

    /// <summary>Keptn's webhook format: the test task calls the demo's test runner and answers with its response.</summary>
    public static string Webhook(Uri tests) => $$$"""
        apiVersion: webhookconfig.keptn.sh/v1beta1
        kind: WebhookConfig
        metadata:
          name: demo-tests
        spec:
          webhooks:
            - type: sh.keptn.event.test.triggered
              sendFinished: true
              requests:
                - url: {{{tests}}}tests/{{.data.stage}}/{{.data.service}}?version={{.data.labels.version}}
                  method: POST
        """;

    public const string Slo = """
        spec_version: "1.0"
        comparison:
          compare_with: single_result
          include_result_with_score: pass
          aggregate_function: avg
        objectives:
          - sli: response_time_p95
            displayName: Response time p95 (ms)
            pass:
              - criteria: ["<300"]
            warning:
              - criteria: ["<600"]
          - sli: error_rate
            displayName: Error rate (%)
            key_sli: true
            pass:
              - criteria: ["<1"]
        total_score:
          pass: "90%"
          warning: "75%"
        """;

    public static void Write(string directory, Uri tests)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "shipyard.yaml"), Shipyard);
        File.WriteAllText(Path.Combine(directory, "webhook.yaml"), Webhook(tests));
        File.WriteAllText(Path.Combine(directory, "slo.yaml"), Slo);
    }
}
