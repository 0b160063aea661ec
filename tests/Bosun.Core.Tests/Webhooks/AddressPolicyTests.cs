using System.Net;
using Bosun.Core.Webhooks;

namespace Bosun.Core.Tests.Webhooks;

/// <summary>DESIGN decision 6: every row of the deny policy, each spelling, and the allow list.</summary>
public sealed class AddressPolicyTests
{
    private readonly AddressPolicy _policy = new();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.9.9.9")]
    [InlineData("::1")]
    [InlineData("[::1]")]
    [InlineData("0.0.0.0")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("2130706433")]
    [InlineData("0x7f000001")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("0177.0.0.1")]
    [InlineData("127.1")]
    [InlineData("169.254.169.254")]
    [InlineData("0xa9fea9fe")]
    [InlineData("fe80::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("localhost")]
    [InlineData("LOCALHOST.")]
    [InlineData("app.localhost")]
    [InlineData("kubernetes")]
    [InlineData("kubernetes.default")]
    [InlineData("kubernetes.default.svc")]
    [InlineData("kubernetes.default.svc.cluster.local")]
    [InlineData("argocd-server.argocd.svc.cluster.local")]
    [InlineData("argocd-server.argocd.svc")]
    public void DeniedHosts(string host) => Assert.NotNull(_policy.DenyHost(host));

    [Theory]
    [InlineData("argocd.example.com")]
    [InlineData("93.184.216.34")]
    [InlineData("2606:4700::1111")]
    [InlineData("10.0.0.5")]
    public void OrdinaryHosts_ArePermitted(string host) => Assert.Null(_policy.DenyHost(host));

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("fe80::abcd")]
    [InlineData("::")]
    public void DeniedAddresses_AtConnectTime(string address) => Assert.NotNull(_policy.DenyAddress(IPAddress.Parse(address)));

    [Fact]
    public void ConfiguredEntries_AreDenied_AndAllowEntriesExempt()
    {
        var policy = new AddressPolicy(deny: ["10.0.0.0/8", "internal.example.com"], allow: ["127.0.0.1", "kubernetes.default.svc"]);
        Assert.Contains("10.0.0.0/8", policy.DenyAddress(IPAddress.Parse("10.1.2.3")));
        Assert.NotNull(policy.DenyHost("internal.example.com"));
        Assert.Null(policy.DenyAddress(IPAddress.Parse("127.0.0.1")));
        Assert.Null(policy.DenyHost("127.0.0.1"));
        Assert.NotNull(policy.DenyAddress(IPAddress.Parse("127.0.0.2")));
        Assert.Null(policy.DenyHost("kubernetes.default.svc"));
        Assert.NotNull(policy.DenyHost("kubernetes"));
        Assert.Null(new AddressPolicy(allow: ["127.0.0.0/8"]).DenyHost("2130706433"));
    }

    [Fact]
    public void Messages_NameTheRangeAndTheWayOut()
    {
        Assert.Equal("the address 169.254.169.254 is in the denied range 169.254.0.0/16 (loopback, link-local, metadata or configured; allow it with --webhook-allow)",
            _policy.DenyAddress(IPAddress.Parse("169.254.169.254")));
        Assert.Equal("the host kubernetes.default is cluster-internal or local and is denied for webhooks (allow it with --webhook-allow)",
            _policy.DenyHost("kubernetes.default"));
    }

    [Theory]
    [InlineData("2130706433", "127.0.0.1")]
    [InlineData("0x7f.1", "127.0.0.1")]
    [InlineData("0177.0.0.01", "127.0.0.1")]
    [InlineData("10.1", "10.0.0.1")]
    [InlineData("192.168.257", "192.168.1.1")]
    public void LegacyIPv4Spellings(string text, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), AddressPolicy.TryParseLegacyIPv4(text));

    [Theory]
    [InlineData("example.com")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.4.5")]
    [InlineData("08.1.1.1")]
    public void NotLegacyIPv4(string text) => Assert.Null(AddressPolicy.TryParseLegacyIPv4(text));

    [Fact]
    public void BadEntries_AreRefused() =>
        Assert.Equal("'not a host!' is neither a host name nor a CIDR such as 10.0.0.0/8", Assert.Throws<FormatException>(() => new AddressPolicy(allow: ["not a host!"])).Message);
}
