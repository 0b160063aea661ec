using System.Text.Json.Nodes;

namespace Bosun.Core.Sequences;

/// <summary>
/// Merges task payloads as Keptn does, with DESIGN decision 4: objects merge recursively, and for every other
/// type (strings, numbers, booleans, arrays) the newer value wins. Keptn kept old numbers and booleans and
/// concatenated arrays, which froze remediation's <c>actionIndex</c> and duplicated list entries.
/// </summary>
public static class PayloadMerge
{
    /// <summary>Merges <paramref name="newer"/> into <paramref name="target"/> in place.</summary>
    public static void Into(JsonObject target, JsonObject newer)
    {
        foreach (var (key, value) in newer)
        {
            if (value is JsonObject newObj && target[key] is JsonObject oldObj)
            {
                Into(oldObj, newObj);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
