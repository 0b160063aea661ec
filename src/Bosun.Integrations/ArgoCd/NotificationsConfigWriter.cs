using System.Text;
using Bosun.Core.Shipyard;

namespace Bosun.Integrations.ArgoCd;

/// <summary>
/// Writes the Argo CD side of the original Keptn integration for Bosun, corrected: the <c>deliver.finished</c> body
/// carries <c>"status": "succeeded"</c> and stays valid JSON when the sync has no <c>infos</c>; both triggers send
/// once per revision (<c>oncePer</c>); the sequence comes from the project's shipyard and the stage from the app's
/// label. The token is referenced as <c>$bosun-api-token</c> (argocd-notifications-secret), never written out.
/// </summary>
public static class NotificationsConfigWriter
{
    /// <summary>The sequence a new revision should start: the first one, in a stage's own right (no triggeredOn), holding a deliver task.</summary>
    public static string? DeliverySequence(ShipyardSpec shipyard) =>
        shipyard.Stages.SelectMany(s => s.Sequences)
            .Where(q => q.Tasks.Any(t => t.Name == "deliver"))
            .OrderBy(q => q.TriggeredOn.Count == 0 ? 0 : 1)
            .Select(q => q.Name)
            .FirstOrDefault();

    public static string Write(Uri bosunUrl, string sequence)
    {
        var events = new Uri(bosunUrl, "api/v1/event");
        var text = new StringBuilder();
        text.Append($$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: argocd-notifications-cm
              namespace: argocd
            data:
              service.webhook.bosun: |
                url: {{{events}}}
                headers:
                - name: x-token
                  value: $bosun-api-token
                - name: Content-Type
                  value: application/json
              template.keptn-outofsync: |
                webhook:
                  bosun:
                    method: POST
                    body: |
                      {
                        "data": {
                          "configurationChange": {},
                          "labels": {
                            "version": "{{.app.status.sync.revision}}",
                            "appname": "{{.app.metadata.name}}"
                          },
                          "project": "{{.app.metadata.labels.keptnProject}}",
                          "service": "{{.app.metadata.labels.keptnService}}",
                          "stage": "{{.app.metadata.labels.stage}}"
                        },
                        "id": "argocd-{{.app.metadata.name}}-{{.app.status.sync.revision}}",
                        "source": "argocd",
                        "specversion": "1.0",
                        "type": "sh.keptn.event.{{.app.metadata.labels.stage}}.{{{sequence}}}.triggered",
                        "shkeptnspecversion": "0.2.3"
                      }
              template.keptn-deployed: |
                webhook:
                  bosun:
                    method: POST
                    body: |
                      {
                        "data": {
                          "configurationChange": {},
                          "labels": {
                            "version": "{{.app.status.operationState.syncResult.revision}}",
                            "appname": "{{.app.metadata.name}}"
                          },
                          "project": "{{.app.metadata.labels.keptnProject}}",
                          "service": "{{.app.metadata.labels.keptnService}}",
                          "stage": "{{.app.metadata.labels.stage}}",
                          "repository": "{{.app.spec.source.repoURL}}",
                          "result": "pass",
                          "status": "succeeded"
                        },
                        "source": "argocd",
                        "specversion": "1.0",
                        "type": "sh.keptn.event.deliver.finished",
                        {{- range $info := .app.status.operationState.operation.info}}
                        "{{$info.name}}": "{{$info.value}}",
                        {{- end}}
                        "shkeptnspecversion": "0.2.3"
                      }
              trigger.on-out-of-sync-status: |
                - when: app.status.sync.status == 'OutOfSync'
                  oncePer: app.status.sync.revision
                  send: [keptn-outofsync]
              trigger.on-deployed: |
                - when: app.status.sync.status == 'Synced' and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'
                  oncePer: app.status.operationState.syncResult.revision
                  send: [keptn-deployed]
            ---
            # argocd-cm: an API-key account for Bosun (create its token with: argocd account generate-token --account bosun)
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: argocd-cm
              namespace: argocd
            data:
              accounts.bosun: apiKey
            """);
        return text.Append('\n').ToString();
    }
}
