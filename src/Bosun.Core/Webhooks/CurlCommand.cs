using System.Text;

namespace Bosun.Core.Webhooks;

/// <summary>
/// Parses the curl command strings of <c>webhookconfig.keptn.sh/v1alpha1</c> files (spec/keptn.md §5.2, §5.4) into
/// a request. Nothing is ever run by a shell: the string is split into words the way a POSIX shell would (single
/// and double quotes, backslash escapes, line continuations), and only the options Keptn's webhooks use are
/// understood. The characters and options Keptn refuses are refused here, with a message naming them.
/// </summary>
public static class CurlCommand
{
    /// <summary>Keptn's forbidden sequences in a rendered command (§5.4).</summary>
    private static readonly string[] ForbiddenSequences = ["$(", "$", "|", ";", ">", " &", "&&", "`", "/var/run"];

    /// <summary>Keptn's denied options (prefix match, §5.4).</summary>
    private static readonly string[] DeniedOptions = ["--output", "--form", "--upload-file", "--config", "-o", "-F", "-T", "-K"];

    /// <summary>Options that change nothing for Bosun: it always fails on HTTP errors and never prints progress.</summary>
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "-s", "--silent", "-S", "--show-error", "-f", "--fail", "--fail-with-body", "-sS", "-Ss", "-v", "--verbose",
    };

    /// <exception cref="WebhookException">The command is not a curl command Bosun can send; the message says why.</exception>
    public static HttpRequestSpec Parse(string command)
    {
        EnsureAllowed(command, "the curl command");
        var words = Split(command);
        if (words.Count == 0 || words[0] != "curl")
        {
            throw new WebhookException("a request must be a curl command (it must start with 'curl')");
        }
        string? method = null;
        string? url = null;
        string? user = null;
        var insecure = false;
        var headers = new List<KeyValuePair<string, string>>();
        var data = new List<string>();
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            var (option, inline) = SplitOption(word);
            if (DeniedOptions.FirstOrDefault(d => option.StartsWith(d, StringComparison.Ordinal)) is { } denied)
            {
                throw new WebhookException($"the curl option '{denied}' is not allowed");
            }
            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }
                if (i + 1 >= words.Count)
                {
                    throw new WebhookException($"the curl option '{option}' needs a value");
                }
                return words[++i];
            }
            switch (option)
            {
                case "-X" or "--request":
                    method = Value().ToUpperInvariant();
                    break;
                case "-H" or "--header":
                    headers.Add(Header(Value()));
                    break;
                case "-d" or "--data" or "--data-raw" or "--data-binary" or "--data-ascii":
                    var value = Value();
                    if (value.StartsWith('@') && option != "--data-raw")
                    {
                        throw new WebhookException($"the curl option '{option}' may not read a file ('@…')");
                    }
                    data.Add(value);
                    break;
                case "--url":
                    url = Value();
                    break;
                case "-u" or "--user":
                    user = Value();
                    break;
                case "-k" or "--insecure":
                    insecure = true;
                    break;
                default:
                    if (Ignored.Contains(option))
                    {
                        break;
                    }
                    if (option.StartsWith('-'))
                    {
                        throw new WebhookException($"the curl option '{option}' is not supported");
                    }
                    if (url is not null)
                    {
                        throw new WebhookException($"the curl command has more than one URL ('{url}' and '{word}')");
                    }
                    url = word;
                    break;
            }
        }
        if (url is null)
        {
            throw new WebhookException("the curl command has no URL");
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw new WebhookException($"'{url}' is not an http(s) URL");
        }
        // curl joins several --data values with '&' and sends them with POST unless told otherwise.
        var body = data.Count == 0 ? null : string.Join('&', data);
        method ??= body is null ? "GET" : "POST";
        if (body is not null && !headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Type", "application/x-www-form-urlencoded"));
        }
        return new HttpRequestSpec(method, parsed, headers, body, user, insecure);
    }

    /// <summary>Refuses Keptn's forbidden character sequences (§5.4) in a rendered command or request part.</summary>
    /// <exception cref="WebhookException">One is present; the message names it and <paramref name="what"/>.</exception>
    public static void EnsureAllowed(string text, string what)
    {
        foreach (var sequence in ForbiddenSequences)
        {
            if (text.Contains(sequence, StringComparison.Ordinal))
            {
                throw new WebhookException($"{what} contains the forbidden character sequence '{sequence}'");
            }
        }
    }

    private static (string Option, string? Inline) SplitOption(string word)
    {
        if (word.StartsWith("--", StringComparison.Ordinal))
        {
            var eq = word.IndexOf('=', StringComparison.Ordinal);
            return eq > 0 ? (word[..eq], word[(eq + 1)..]) : (word, null);
        }
        // Short options take their value attached (-XPOST) or as the next word.
        if (word.Length > 2 && word[0] == '-' && word[1] is 'X' or 'H' or 'd' or 'u')
        {
            return (word[..2], word[2..]);
        }
        return (word, null);
    }

    private static KeyValuePair<string, string> Header(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new WebhookException($"the header '{value}' is not of the form 'Name: value'");
        }
        var header = new KeyValuePair<string, string>(value[..colon].Trim(), value[(colon + 1)..].Trim());
        HttpHeaderRules.Ensure(header.Key, header.Value);
        return header;
    }

    /// <summary>Splits a command into words as a POSIX shell does, without expanding anything.</summary>
    public static List<string> Split(string command)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            switch (c)
            {
                case '\\' when i + 1 < command.Length && command[i + 1] is '\n' or '\r':
                    // Line continuation: the backslash and the line break vanish.
                    i += command[i + 1] == '\r' && i + 2 < command.Length && command[i + 2] == '\n' ? 2 : 1;
                    break;
                case '\\' when i + 1 < command.Length:
                    current.Append(command[++i]);
                    inWord = true;
                    break;
                case '\'':
                    var close = command.IndexOf('\'', i + 1);
                    if (close < 0)
                    {
                        throw new WebhookException("the curl command has an unterminated single quote");
                    }
                    current.Append(command, i + 1, close - i - 1);
                    i = close;
                    inWord = true;
                    break;
                case '"':
                    i++;
                    for (; i < command.Length && command[i] != '"'; i++)
                    {
                        if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`' or '\n')
                        {
                            i++;
                            if (command[i] == '\n')
                            {
                                continue;
                            }
                        }
                        current.Append(command[i]);
                    }
                    if (i >= command.Length)
                    {
                        throw new WebhookException("the curl command has an unterminated double quote");
                    }
                    inWord = true;
                    break;
                case ' ' or '\t' or '\n' or '\r':
                    if (inWord)
                    {
                        words.Add(current.ToString());
                        current.Clear();
                        inWord = false;
                    }
                    break;
                default:
                    current.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord)
        {
            words.Add(current.ToString());
        }
        return words;
    }
}
