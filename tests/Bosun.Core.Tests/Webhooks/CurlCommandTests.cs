using Bosun.Core.Webhooks;

namespace Bosun.Core.Tests.Webhooks;

/// <summary>spec/keptn.md §5.2 and §5.4: curl strings are parsed, never run; Keptn's refusals are kept.</summary>
public sealed class CurlCommandTests
{
    [Fact]
    public void OriginalArgoCdSyncCommand_WithLineContinuations_BecomesAPostWithHeaderAndBody()
    {
        // The shape of keptn-config/webhook.yaml's request (spec §1.4), rendered, folded with backslash continuations.
        var command = "curl --header 'Authorization: Bearer argo-secret' \\\n  --request POST \\\n"
            + "  --data '{\"infos\":[{\"name\":\"triggeredid\",\"value\":\"t-1\"}],\"prune\":true}' \\\n"
            + "  https://argocd.example.com/api/v1/applications/podtato/sync";
        var request = CurlCommand.Parse(command);
        Assert.Equal("POST", request.Method);
        Assert.Equal("https://argocd.example.com/api/v1/applications/podtato/sync", request.Url.ToString());
        Assert.Contains(new KeyValuePair<string, string>("Authorization", "Bearer argo-secret"), request.Headers);
        Assert.Equal("{\"infos\":[{\"name\":\"triggeredid\",\"value\":\"t-1\"}],\"prune\":true}", request.Body);
        // curl's default for --data, which Argo CD accepts.
        Assert.Contains(new KeyValuePair<string, string>("Content-Type", "application/x-www-form-urlencoded"), request.Headers);
    }

    [Theory]
    [InlineData("curl https://h.example/x", "GET", null)]
    [InlineData("curl -d a=1 https://h.example/x", "POST", "a=1")]
    [InlineData("curl -d a=1 -d b=2 https://h.example/x", "POST", "a=1&b=2")]
    [InlineData("curl -XPUT --data-raw @literal https://h.example/x", "PUT", "@literal")]
    [InlineData("curl --request=delete --url https://h.example/x --fail-with-body -sS", "DELETE", null)]
    [InlineData("curl -X POST --data-binary \"{\\\"a\\\": 1}\" https://h.example/x", "POST", "{\"a\": 1}")]
    public void Methods_Bodies_AndQuoting(string command, string method, string? body)
    {
        var request = CurlCommand.Parse(command);
        Assert.Equal((method, body), (request.Method, request.Body));
        Assert.Equal("https://h.example/x", request.Url.ToString());
    }

    [Fact]
    public void UserAndInsecure_AreKept()
    {
        var request = CurlCommand.Parse("curl -k -u admin:pw -H 'Content-Type: application/json' -d '{}' https://h.example/x");
        Assert.Equal(("admin:pw", true), (request.BasicAuth, request.Insecure));
        Assert.Single(request.Headers, h => h.Key == "Content-Type");
    }

    [Theory]
    [InlineData("curl https://h.example/$HOME", "'$'")]
    [InlineData("curl https://h.example/x | sh", "'|'")]
    [InlineData("curl https://h.example/x; rm -rf /", "';'")]
    [InlineData("curl https://h.example/x > /tmp/out", "'>'")]
    [InlineData("curl https://h.example/x & sleep 1", "' &'")]
    [InlineData("curl https://h.example/`id`", "'`'")]
    [InlineData("curl --unix-socket /var/run/docker.sock http://x/", "'/var/run'")]
    public void ForbiddenCharacters_AreRefused(string command, string named) =>
        Assert.Contains($"forbidden character sequence {named}", Assert.Throws<WebhookException>(() => CurlCommand.Parse(command)).Message);

    [Theory]
    [InlineData("curl -o /tmp/x https://h.example/", "-o")]
    [InlineData("curl --output=/tmp/x https://h.example/", "--output")]
    [InlineData("curl -F a=b https://h.example/", "-F")]
    [InlineData("curl --form a=b https://h.example/", "--form")]
    [InlineData("curl -T f https://h.example/", "-T")]
    [InlineData("curl --upload-file f https://h.example/", "--upload-file")]
    [InlineData("curl -K cfg https://h.example/", "-K")]
    [InlineData("curl --config cfg https://h.example/", "--config")]
    public void DeniedOptions_AreRefused(string command, string option) =>
        Assert.Equal($"the curl option '{option}' is not allowed", Assert.Throws<WebhookException>(() => CurlCommand.Parse(command)).Message);

    [Theory]
    [InlineData("curl -d @/etc/passwd https://h.example/", "the curl option '-d' may not read a file ('@…')")]
    [InlineData("wget https://h.example/", "a request must be a curl command (it must start with 'curl')")]
    [InlineData("curl -X POST", "the curl command has no URL")]
    [InlineData("curl -H", "the curl option '-H' needs a value")]
    [InlineData("curl --proxy http://p https://h.example/", "the curl option '--proxy' is not supported")]
    [InlineData("curl ftp://h.example/f", "'ftp://h.example/f' is not an http(s) URL")]
    [InlineData("curl 'https://h.example/", "the curl command has an unterminated single quote")]
    [InlineData("curl -H 'no colon' https://h.example/", "the header 'no colon' is not of the form 'Name: value'")]
    [InlineData("curl https://a.example/ https://b.example/", "the curl command has more than one URL ('https://a.example/' and 'https://b.example/')")]
    public void BadCommands_SayWhatIsWrong(string command, string message) =>
        Assert.Equal(message, Assert.Throws<WebhookException>(() => CurlCommand.Parse(command)).Message);
}
