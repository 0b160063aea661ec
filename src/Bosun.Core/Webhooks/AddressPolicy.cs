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
        ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];

    private static readonly string[] DeniedSuffixes = [".localhost", ".cluster.local", ".svc"];

    private static readonly Network[] DeniedNetworks =
    [
        Network.Parse("127.0.0.0/8"), Network.Parse("0.0.0.0/8"), Network.Parse("169.254.0.0/16"),
        Network.Parse("::1/128"), Network.Parse("::/128"), Network.Parse("fe80::/10"), Network.Parse("fd00:ec2::254/128"),
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
    public string? DenyAddress(IPAddress address)
    {
        var normalized = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        if (_allowedNetworks.Any(n => n.Contains(normalized)))
        {
            return null;
        }
        return _deniedNetworks.FirstOrDefault(n => n.Contains(normalized)) is { } network
            ? $"the address {normalized} is in the denied range {network} (loopback, link-local, metadata or configured; allow it with --webhook-allow)"
            : null;
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
