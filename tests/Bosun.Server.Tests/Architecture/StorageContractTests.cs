using System.Reflection;
using Bosun.Server.Hosting;
using Bosun.Storage;
using Bosun.Storage.Sqlite;

namespace Bosun.Server.Tests.Architecture;

/// <summary>
/// The server sees the storage contract only (docs/architecture.md, "One storage contract, two stores"): no type but the
/// composition root holds, takes or returns a concrete store, and the storage and integration projects stay apart.
/// </summary>
public class StorageContractTests
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    [Fact]
    public void ServerTypes_UseTheContract_NotAConcreteStore()
    {
        var concrete = typeof(SqliteStore).Assembly.GetTypes()
            .Where(t => t.IsClass && t.GetInterfaces().Any(i => i.Assembly == typeof(IStore).Assembly))
            .ToHashSet();
        Assert.Contains(typeof(SqliteStore), concrete);
        var offending = new List<string>();
        foreach (var type in typeof(BosunServer).Assembly.GetTypes().Where(t => !IsCompositionRoot(t)))
        {
            foreach (var field in type.GetFields(All).Where(f => concrete.Contains(f.FieldType)))
            {
                offending.Add($"{type.FullName}.{field.Name}");
            }
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
            {
                if (method.GetParameters().Any(p => concrete.Contains(p.ParameterType)) || method is MethodInfo m && concrete.Contains(m.ReturnType))
                {
                    offending.Add($"{type.FullName}.{method.Name}");
                }
            }
        }
        Assert.Empty(offending);
    }

    [Fact]
    public void StorageAndIntegrations_DoNotReferenceEachOther()
    {
        var storage = typeof(IStore).Assembly;
        var integrations = typeof(Bosun.Integrations.Webhooks.WebhookSender).Assembly;
        Assert.DoesNotContain(storage.GetReferencedAssemblies(), a => a.Name == integrations.GetName().Name);
        Assert.DoesNotContain(integrations.GetReferencedAssemblies(), a => a.Name == storage.GetName().Name);
    }

    /// <summary>The composition root and the closures the compiler made for it.</summary>
    private static bool IsCompositionRoot(Type type)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t == typeof(BosunServer))
            {
                return true;
            }
        }
        return false;
    }
}
