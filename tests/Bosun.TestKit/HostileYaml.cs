using System.Text;

namespace Bosun.TestKit;

/// <summary>YAML written to exhaust a reader that expands aliases.</summary>
public static class HostileYaml
{
    /// <summary>Nine levels of nine aliases: under 600 bytes that would expand to 9^9 nodes ("billion laughs").</summary>
    public static string Bomb(string prefix = "")
    {
        var text = new StringBuilder(prefix).Append("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i <= 9; i++)
        {
            text.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }
        return text.ToString();
    }
}
