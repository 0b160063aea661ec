using System.Globalization;
using System.Net;

namespace Bosun.Core.Webhooks;

/// <summary>
/// Where outgoing webhook requests may not go (DESIGN decision 6, issue 4 item 6): loopback, unspecified,
/// link-local and cloud metadata addresses, Kubernetes API names and <c>*.cluster.local</c>, plus configured
/// hosts and CIDRs; <c>--webhook-allow</c> entries (hosts or CIDRs) are exempt. The caller checks the host name
/// before resolving it and every address actually connected to, so neither spelling tricks nor DNS rebinding pass.
/// </summary>
public sealed class AddressPolicy
{
    private static readonly string[] DeniedNames =
    [
        "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local",
        // Cloud metadata services by name (GCP, AWS, generic), besides their addresses below.
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
    ];

    private static readonly string[] DeniedSuffixes = [".localhost", ".cluster.local", ".svc"];

    private static readonly Network[] DeniedNetworks =
    [
        Network.Parse("127.0.0.0/8"), Network.Parse("0.0.0.0/8"), Network.Parse("169.254.0.0/16"),
        Network.Parse("::1/128"), Network.Parse("::/128"), Network.Parse("fe80::/10"), Network.Parse("fd00:ec2::254/128"),
        // Alibaba Cloud's metadata service.
        Network.Parse("100.100.100.200/32"),
    ];

    private readonly List<Network> _deniedNetworks = [.. DeniedNetworks];
    private readonly HashSet<string> _deniedHosts = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Network> _allowedNetworks = [];
    private readonly HashSet<string> _allowedHosts = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="deny">Extra denied entries: host names or CIDRs (a bare address is a /32 or /128).</param>
    /// <param name="allow">Exempt entries: host names or CIDRs (<c>--webhook-allow</c>).</param>
    /// <exception cref="FormatException">An entry is neither a host name nor a CIDR; the message names it.</exception>
    public AddressPolicy(IEnumerable<string>? deny = null, IEnumerable<string>? allow = null)
    {
        foreach (var entry in deny ?? [])
        {
            Add(entry, _deniedNetworks, _deniedHosts);
        }
        foreach (var entry in allow ?? [])
        {
            Add(entry, _allowedNetworks, _allowedHosts);
        }
    }

    /// <summary>Why a host name may not be called, or null when it may (addresses are checked again on connect).</summary>
    public string? DenyHost(string host)
    {
        var name = host.Trim('[', ']').TrimEnd('.').ToLowerInvariant();
        if (_allowedHosts.Contains(name))
        {
            return null;
        }
        if (IPAddress.TryParse(name, out var literal) && LooksLikeAddress(name))
        {
            return DenyAddress(literal);
        }
        if (TryParseLegacyIPv4(name) is { } spelled)
        {
            return DenyAddress(spelled);
        }
        if (DeniedNames.Contains(name) || DeniedSuffixes.Any(s => name.EndsWith(s, StringComparison.Ordinal)) || _deniedHosts.Contains(name))
        {
            return $"the host {host} is cluster-internal or local and is denied for webhooks (allow it with --webhook-allow)";
        }
        return null;
    }

    /// <summary>Why an address may not be connected to, or null when it may.</summary>
    /// <remarks>An IPv6 address that embeds an IPv4 address (see <see cref="EmbeddedIPv4"/>) is denied when that one is.</remarks>
    public string? DenyAddress(IPAddress address)
    {
        foreach (var candidate in EmbeddedIPv4(address).Prepend(address))
        {
            if (_allowedNetworks.Any(n => n.Contains(candidate)))
            {
                continue;
            }
            if (_deniedNetworks.FirstOrDefault(n => n.Contains(candidate)) is { } network)
            {
                var shown = candidate.Equals(address) ? $"{address}" : $"{address} (which embeds {candidate})";
                return $"the address {shown} is in the denied range {network} (loopback, link-local, metadata or configured; allow it with --webhook-allow)";
            }
        }
        return null;
    }

    /// <summary>
    /// The IPv4 addresses an IPv6 address carries, by the forms that route to them: mapped (<c>::ffff:0:0/96</c>),
    /// compatible (<c>::/96</c>), SIIT-translated (<c>::ffff:0:0:0/96</c>), NAT64 (<c>64:ff9b::/96</c>, and the
    /// local-use <c>64:ff9b:1::/48</c> by its last 32 bits), 6to4 (<c>2002::/16</c>, bits 16–47) and Teredo
    /// (<c>2001::/32</c>: the server in bits 32–63, the client inverted in the last 32).
    /// </summary>
    public static IEnumerable<IPAddress> EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            yield break;
        }
        var b = address.GetAddressBytes();
        static bool Zero(byte[] bytes, int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                if (bytes[i] != 0)
                {
                    return false;
                }
            }
            return true;
        }
        IPAddress Last32(bool invert = false) => new(invert
            ? [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]]
            : [b[12], b[13], b[14], b[15]]);
        var mapped = Zero(b, 0, 10) && b[10] == 0xff && b[11] == 0xff;
        var compatible = Zero(b, 0, 12) && !Zero(b, 12, 15);
        var translated = Zero(b, 0, 8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0;
        var nat64 = b[0] == 0 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && (Zero(b, 4, 12) || b[4] == 0 && b[5] == 1);
        if (mapped || compatible || translated || nat64)
        {
            yield return Last32();
        }
        if (b[0] == 0x20 && b[1] == 0x02)
        {
            yield return new IPAddress([b[2], b[3], b[4], b[5]]);
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            yield return new IPAddress([b[4], b[5], b[6], b[7]]);
            yield return Last32(invert: true);
        }
    }

    private static bool LooksLikeAddress(string name) => name.Contains(':', StringComparison.Ordinal) || name.Count(c => c == '.') == 3;

    /// <summary>
    /// The IPv4 spellings curl and browsers accept besides dotted decimal: one number (<c>2130706433</c>), hex
    /// (<c>0x7f000001</c>, <c>0x7f.0.0.1</c>), octal (<c>0177.0.0.1</c>) and short forms (<c>127.1</c>).
    /// </summary>
    public static IPAddress? TryParseLegacyIPv4(string host)
    {
        var parts = host.Split('.');
        if (parts.Length is < 1 or > 4 || parts.Any(p => p.Length == 0))
        {
            return null;
        }
        var values = new List<uint>();
        foreach (var part in parts)
        {
            if (!TryNumber(part, out var v))
            {
                return null;
            }
            values.Add(v);
        }
        ulong result = 0;
        for (var i = 0; i < values.Count - 1; i++)
        {
            if (values[i] > 255)
            {
                return null;
            }
            result |= (ulong)values[i] << (24 - (8 * i));
        }
        var last = values[^1];
        var room = 8 * (5 - values.Count);
        if (room < 32 && last >= 1UL << room)
        {
            return null;
        }
        result |= last;
        var bytes = new[] { (byte)(result >> 24), (byte)(result >> 16), (byte)(result >> 8), (byte)result };
        return new IPAddress(bytes);
    }

    private static bool TryNumber(string part, out uint value)
    {
        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return uint.TryParse(part.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && part.Length > 2;
        }
        if (part.Length > 1 && part[0] == '0')
        {
            value = 0;
            foreach (var c in part.AsSpan(1))
            {
                if (c is < '0' or > '7' || value > uint.MaxValue / 8)
                {
                    return false;
                }
                value = (value * 8) + (uint)(c - '0');
            }
            return true;
        }
        return uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static void Add(string entry, List<Network> networks, HashSet<string> hosts)
    {
        var text = entry.Trim();
        if (text.Length == 0)
        {
            return;
        }
        if (text.Contains('/', StringComparison.Ordinal) || IPAddress.TryParse(text, out _))
        {
            networks.Add(Network.Parse(text.Contains('/', StringComparison.Ordinal) ? text : text + (text.Contains(':', StringComparison.Ordinal) ? "/128" : "/32")));
        }
        else if (Uri.CheckHostName(text) == UriHostNameType.Dns)
        {
            hosts.Add(text.TrimEnd('.'));
        }
        else
        {
            throw new FormatException($"'{entry}' is neither a host name nor a CIDR such as 10.0.0.0/8");
        }
    }

    private sealed record Network(IPNetwork Value)
    {
        public static Network Parse(string cidr) => IPNetwork.TryParse(cidr, out var network)
            ? new Network(network)
            : throw new FormatException($"'{cidr}' is not a CIDR such as 10.0.0.0/8");

        public bool Contains(IPAddress address) =>
            address.AddressFamily == Value.BaseAddress.AddressFamily && Value.Contains(address);

        public override string ToString() => Value.ToString();
    }
}
