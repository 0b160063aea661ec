using System.Net;
using Bosun.Core.Webhooks;

namespace Bosun.Core.Tests.Webhooks;

/// <summary>The deny policy sees through every IPv6 form that carries a denied IPv4 address, and metadata names.</summary>
public sealed class AddressPolicyEmbeddedTests
{
    private readonly AddressPolicy _policy = new();

    [Theory]
    [InlineData("::ffff:127.0.0.1", "mapped")]
    [InlineData("::ffff:a9fe:a9fe", "mapped, hex")]
    [InlineData("::127.0.0.1", "compatible")]
    [InlineData("::a9fe:a9fe", "compatible, hex")]
    [InlineData("::ffff:0:127.0.0.1", "SIIT translated")]
    [InlineData("64:ff9b::127.0.0.1", "NAT64")]
    [InlineData("64:ff9b::a9fe:a9fe", "NAT64, metadata")]
    [InlineData("64:ff9b:1::7f00:1", "NAT64 local use")]
    [InlineData("2002:7f00:1::", "6to4")]
    [InlineData("2002:a9fe:a9fe::1", "6to4, metadata")]
    [InlineData("2001:0:7f00:1::", "Teredo server")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo client (inverted 127.0.0.1)")]
    public void EmbeddedDeniedIPv4_IsDenied(string address, string form)
    {
        var reason = _policy.DenyAddress(IPAddress.Parse(address));
        Assert.True(reason is not null, form);
        Assert.Contains("embeds", reason);
        Assert.NotNull(_policy.DenyHost($"[{address}]"));
    }

    [Theory]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::5db8:d822")]
    [InlineData("2002:5db8:d822::1")]
    [InlineData("2606:4700::1111")]
    public void EmbeddedPublicIPv4_IsPermitted(string address) => Assert.Null(_policy.DenyAddress(IPAddress.Parse(address)));

    [Fact]
    public void AllowedLoopback_IsAllowedInEveryForm()
    {
        var policy = new AddressPolicy(allow: ["127.0.0.0/8"]);
        Assert.Null(policy.DenyAddress(IPAddress.Parse("::ffff:127.0.0.1")));
        Assert.Null(policy.DenyAddress(IPAddress.Parse("64:ff9b::127.0.0.1")));
        Assert.NotNull(policy.DenyAddress(IPAddress.Parse("64:ff9b::a9fe:a9fe")));
    }

    [Theory]
    [InlineData("metadata.google.internal")]
    [InlineData("METADATA.GOOGLE.INTERNAL.")]
    [InlineData("metadata.goog")]
    [InlineData("metadata")]
    [InlineData("instance-data")]
    [InlineData("instance-data.ec2.internal")]
    [InlineData("100.100.100.200")]
    public void CloudMetadataNames_AreDenied(string host) => Assert.NotNull(_policy.DenyHost(host));
}
