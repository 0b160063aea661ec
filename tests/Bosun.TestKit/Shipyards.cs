namespace Bosun.TestKit;

/// <summary>Shipyard files used across tests, in the shape of Keptn's documentation.</summary>
public static class Shipyards
{
    /// <summary>Keptn's remediation sequence, without the evaluation round: stage production, get-action then action.</summary>
    public const string Remediation = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: {name: heal}
        spec:
          stages:
            - name: production
              sequences:
                - name: remediation
                  tasks:
                    - name: get-action
                    - name: action
        """;

    public const string TwoStages = """
        apiVersion: "spec.keptn.sh/0.2.4"
        kind: "Shipyard"
        metadata:
          name: "shipyard-podtato"
        spec:
          stages:
            - name: "dev"
              sequences:
                - name: "delivery"
                  tasks:
                    - name: "deployment"
                      properties:
                        deploymentstrategy: "direct"
                    - name: "test"
                      properties:
                        teststrategy: "functional"
                    - name: "evaluation"
                - name: "rollback"
                  triggeredOn:
                    - event: "dev.delivery.finished"
                      selector:
                        match:
                          result: "fail"
                  tasks:
                    - name: "rollback"
            - name: "prod"
              sequences:
                - name: "delivery"
                  triggeredOn:
                    - event: "dev.delivery.finished"
                  tasks:
                    - name: "deployment"
                    - name: "release"
            - name: "canary"
              sequences:
                - name: "delivery"
                  triggeredOn:
                    - event: "dev.delivery.finished"
                      selector:
                        match:
                          evaluation.result: "warning"
                  tasks:
                    - name: "deployment"
        """;

    /// <summary>A delivery in dev, then in prod when dev's ends; one deliver task each.</summary>
    public const string DevThenProd = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: dev-then-prod }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: deliver
            - name: prod
              sequences:
                - name: delivery
                  triggeredOn:
                    - event: dev.delivery.finished
                  tasks:
                    - name: deliver
        """;

    public const string Minimal = """
        apiVersion: spec.keptn.sh/0.2.2
        kind: Shipyard
        metadata:
          name: argocd-demo-shipyard
        spec:
          stages:
            - name: dev
              sequences:
                - name: artifact-delivery
                  tasks:
                    - name: deliver
        """;

    /// <summary>An approval task first, then a delayed deployment.</summary>
    public const string Approval = """
        apiVersion: spec.keptn.sh/0.2.4
        kind: Shipyard
        metadata: { name: a }
        spec:
          stages:
            - name: dev
              sequences:
                - name: delivery
                  tasks:
                    - name: approval
                    - name: deployment
                      triggeredAfter: 5m
        """;

    /// <summary>The original integration README's shipyard, its sequence named as the keptn-outofsync template's type.</summary>
    public const string ArgoKickoff = """
        apiVersion: "spec.keptn.sh/0.2.2"
        kind: "Shipyard"
        metadata:
          name: "argocd-demo-shipyard"
        spec:
          stages:
            - name: "dev"
              sequences:
                - name: "kickoff"
                  tasks:
                    - name: "deliver"
        """;

    /// <summary>Native Argo CD delivery: <c>dev.delivery</c> delivers, and a failed delivery rolls back.</summary>
    public const string ArgoDelivery = """
        apiVersion: "spec.keptn.sh/0.2.2"
        kind: "Shipyard"
        metadata:
          name: "argocd-native"
        spec:
          stages:
            - name: "dev"
              sequences:
                - name: "delivery"
                  tasks:
                    - name: "deliver"
                      properties:
                        degradedGrace: "1s"
                - name: "rollback"
                  triggeredOn:
                    - event: "dev.delivery.finished"
                      selector:
                        match:
                          result: "fail"
                  tasks:
                    - name: "rollback"
        """;
}
