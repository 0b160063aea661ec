using System.Text;
using System.Text.Json.Nodes;

namespace Bosun.EndToEnd.Tests.Cli;

/// <summary>The project, service, stage, resource, secret, monitoring and auth verbs, run as the real binary.</summary>
public sealed class CliProjectTests(CliServer bosun) : IClassFixture<CliServer>
{
    [Fact]
    public async Task ProjectLifecycle_CreateGetUpdateDelete()
    {
        var shipyard = bosun.File("shop.yaml", CliServer.Shipyard("shop"));
        var created = await bosun.RunAsync("create", "project", "shop", "--shipyard", shipyard);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("Project shop created\n", created.Out);

        var service = await bosun.RunAsync("create", "service", "web", "--project", "shop");
        Assert.Equal((0, "Service web created in project shop\n"), (service.ExitCode, service.Out));

        var table = await bosun.RunAsync("get", "project", "shop");
        Assert.Equal(0, table.ExitCode);
        Assert.Matches(@"shop\s+spec\.keptn\.sh/0\.2\.4\s+dev → prod\s+web", table.Out);
        var json = (await bosun.RunAsync("get", "project", "-o", "json")).Json();
        Assert.Contains("shop", json["projects"]!.AsArray().Select(p => p!["projectName"]!.GetValue<string>()));
        var yaml = await bosun.RunAsync("get", "service", "--project", "shop", "--stage", "prod", "-o", "yaml");
        Assert.Contains("- serviceName: web", yaml.Out);
        Assert.Contains("stage: prod", yaml.Out);
        var stages = (await bosun.RunAsync("get", "stage", "--project", "shop", "-o", "json")).Json();
        Assert.Equal(["dev", "prod"], stages["stages"]!.AsArray().Select(s => s!["stageName"]!.GetValue<string>()));

        // As in Keptn, an update may change the sequences but not the stages.
        var moreSequences = bosun.File("shop-v2.yaml", CliServer.Shipyard("shop").Replace("        - name: gated", "        - name: hotfix\n          tasks: [{name: deliver}]\n        - name: gated", StringComparison.Ordinal));
        var updated = await bosun.RunAsync("update", "project", "shop", "--shipyard", moreSequences);
        Assert.Equal((0, "Project shop updated\n"), (updated.ExitCode, updated.Out));
        Assert.Contains("name: hotfix", (await bosun.RunAsync("get", "project", "shop", "-o", "json")).Json()["shipyard"]!.GetValue<string>());
        var fewerStages = bosun.File("shop-v3.yaml", "apiVersion: spec.keptn.sh/0.2.4\nkind: Shipyard\nmetadata: {name: shop}\nspec:\n  stages:\n    - name: dev\n");
        var refused = await bosun.RunAsync("update", "project", "shop", "--shipyard", fewerStages);
        Assert.Equal((2, $"bosun update project: {fewerStages}: the stages of project 'shop' cannot be changed by an update (have dev, prod, got dev)\n"), (refused.ExitCode, refused.Err));

        var deleted = await bosun.RunAsync("delete", "project", "shop");
        Assert.Equal((0, "Project shop deleted\n"), (deleted.ExitCode, deleted.Out));
        var gone = await bosun.RunAsync("get", "project", "shop");
        Assert.Equal(3, gone.ExitCode);
        Assert.Equal("bosun get project: project 'shop' does not exist\n", gone.Err);
    }

    [Fact]
    public async Task AddResource_UploadsAtEachLevel_AndABrokenFileIsRefusedNamingIt()
    {
        Assert.Equal(0, (await bosun.RunAsync("create", "project", "files", "--shipyard", bosun.File("files.yaml", CliServer.Shipyard("files")))).ExitCode);
        Assert.Equal(0, (await bosun.RunAsync("create", "service", "web", "--project", "files")).ExitCode);
        var slo = bosun.File("slo.yaml", "objectives:\n  - sli: response_time_p95\n    pass: [{criteria: ['<600']}]\ntotal_score: {pass: '90%'}\n");
        var added = await bosun.RunAsync("add-resource", "--project", "files", "--stage", "dev", "--service", "web", "--resource", slo, "--resourceUri", "slo.yaml");
        Assert.True(added.ExitCode == 0, added.ToString());
        Assert.Equal((0, $"Added {slo} as slo.yaml to project files, stage dev, service web\n"), (added.ExitCode, added.Out));
        using var http = bosun.Http();
        var stored = JsonNode.Parse(await http.GetStringAsync("/api/resource-service/v1/project/files/stage/dev/service/web/resource/slo.yaml"))!;
        Assert.Equal(await File.ReadAllTextAsync(slo), Encoding.UTF8.GetString(Convert.FromBase64String(stored["resourceContent"]!.GetValue<string>())));

        var broken = bosun.File("remediation.yaml", "apiVersion: spec.keptn.sh/0.1.3\nkind: Remediation\nspec: {remediations: []}\n");
        var refused = await bosun.RunAsync("add-resource", "--project", "files", "--stage", "dev", "--service", "web", "--resource", broken);
        Assert.Equal(2, refused.ExitCode);
        Assert.StartsWith($"bosun add-resource: {broken}: ", refused.Err);
        Assert.Contains("spec.keptn.sh/0.1.4", refused.Err);
        Assert.Equal(1, refused.Err.Count(c => c == '\n'));

        var noStage = await bosun.RunAsync("add-resource", "--project", "files", "--service", "web", "--resource", slo);
        Assert.Equal((2, "bosun add-resource: --service needs --stage (resources of a service live in one stage)\n"), (noStage.ExitCode, noStage.Err));
    }

    [Fact]
    public async Task CreateSecret_StoresTheKeys_NeverPrintsTheValues()
    {
        var created = await bosun.RunAsync("create", "secret", "slack", "--from-literal", "token=xoxb-secret,with-comma", "--from-literal", "channel=ops");
        Assert.Equal((0, "Secret slack created with keys token, channel\n"), (created.ExitCode, created.Out));
        Assert.DoesNotContain("xoxb", created.Out + created.Err);
        using var http = bosun.Http();
        var list = await http.GetStringAsync("/api/secrets/v1/secret");
        Assert.Contains("\"slack\"", list);
        Assert.DoesNotContain("xoxb", list);
        var again = await bosun.RunAsync("create", "secret", "slack", "--from-literal", "token=x");
        Assert.Equal(1, again.ExitCode);
        var updated = await bosun.RunAsync("create", "secret", "slack", "--from-literal", "token=y", "--update");
        Assert.Equal(0, updated.ExitCode);
        var bad = await bosun.RunAsync("create", "secret", "x", "--from-literal", "novalue");
        Assert.Equal((2, "bosun create secret: --from-literal 'novalue' is not key=value\n"), (bad.ExitCode, bad.Err));
    }

    [Fact]
    public async Task CreateSecret_TakesKeptnsScopes_AndRefusesAnUnknownOneBeforeCallingTheServer()
    {
        // As Keptn's docs: keptn create secret argo --from-literal="token=…" --scope=keptn-webhook-service.
        var created = await bosun.RunAsync("create", "secret", "argo", "--from-literal", "token=t", "--scope", "keptn-webhook-service", "-o", "json");
        Assert.Equal(0, created.ExitCode);
        Assert.Equal("keptn-webhook-service", created.Json()["scope"]!.GetValue<string>());
        var unknown = await bosun.RunAsync("create", "secret", "other", "--from-literal", "token=t", "--scope", "vault");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("vault", unknown.Err);
        Assert.Contains("keptn-prometheus-service", unknown.Err);
        using var http = bosun.Http();
        Assert.DoesNotContain("\"other\"", await http.GetStringAsync("/api/secrets/v1/secret"));
    }

    [Fact]
    public async Task ConfigureMonitoring_SetsTheProjectsSliProvider()
    {
        Assert.Equal(0, (await bosun.RunAsync("create", "project", "mon", "--shipyard", bosun.File("mon.yaml", CliServer.Shipyard("mon")))).ExitCode);
        var configured = await bosun.RunAsync("configure", "monitoring", "prometheus", "--project", "mon", "--service", "web");
        Assert.Equal((0, "Project mon takes its SLIs from prometheus\n"), (configured.ExitCode, configured.Out));
        var events = (await bosun.RunAsync("get", "event", "--project", "mon", "--type", "sh.keptn.event.monitoring.configure", "-o", "json")).Json();
        var evt = Assert.Single(events["events"]!.AsArray())!;
        Assert.Equal(("prometheus", "bosun-cli"), (evt["data"]!["type"]!.GetValue<string>(), evt["source"]!.GetValue<string>()));
        var missing = await bosun.RunAsync("configure", "monitoring", "prometheus", "--project", "absent");
        Assert.Equal((3, "bosun configure monitoring: project 'absent' does not exist\n"), (missing.ExitCode, missing.Err));
    }

    [Fact]
    public async Task Auth_StoresServerAndToken_ForLaterCommands_AndAWrongTokenStoresNothing()
    {
        var config = Path.Combine(bosun.WorkDirectory, "auth-config.json");
        var env = new Dictionary<string, string?> { ["BOSUN_CONFIG"] = config, ["BOSUN_SERVER"] = null, ["BOSUN_TOKEN"] = null };
        var wrong = await bosun.RunAsync(["auth", "--server", bosun.Url, "--token", "nope"], env);
        Assert.Equal(4, wrong.ExitCode);
        Assert.False(File.Exists(config));

        var auth = await bosun.RunAsync(["auth", "--server", bosun.Url, "--token", CliServer.Token], env);
        Assert.Equal((0, $"Authenticated to {bosun.Url}; saved in {config}\n"), (auth.ExitCode, auth.Out));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        var later = await bosun.RunAsync(["get", "project", "-o", "json"], env);
        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.NotNull(later.Json()["projects"]);
    }
}
