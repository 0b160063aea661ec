using Bosun.Core.Events;

namespace Bosun.Core.Tests.Events;

public class KeptnContextIdTests
{
    [Fact]
    public void Resolve_Missing_UsesNewId() =>
        Assert.Equal("new", KeptnContextId.Resolve(null, () => "new"));

    [Fact]
    public void Resolve_ValidUuid_IsKeptNormalised() =>
        Assert.Equal("0c8f2b1d-8a3e-4c6a-9f55-1f0f3c6a2b11", KeptnContextId.Resolve("0C8F2B1D-8A3E-4C6A-9F55-1F0F3C6A2B11", () => "new"));

    [Fact]
    public void Resolve_OtherString_IsDeterministicUuidOfItsFirst16BytesPaddedWithSpaces()
    {
        var a = KeptnContextId.Resolve("argo-sync-42", () => "new");
        Assert.Equal(a, KeptnContextId.Resolve("argo-sync-42", () => "other"));
        Assert.True(Guid.TryParse(a, out _));
        // "argo-sync-42" padded to 16 bytes with spaces, read as a big-endian UUID (Go's uuid.FromBytes).
        Assert.Equal("6172676f-2d73-796e-632d-343220202020", a);
    }

    [Fact]
    public void Resolve_StringsSharingFirst16Bytes_ShareAContext_AsInKeptn() =>
        Assert.Equal(KeptnContextId.Resolve("0123456789abcdefXYZ", () => ""), KeptnContextId.Resolve("0123456789abcdef", () => ""));
}
