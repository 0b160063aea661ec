namespace Bosun.Storage;

/// <summary>The database cannot be used by this binary: its schema is newer than the migrations it knows.</summary>
public sealed class StoreSchemaException(string message) : Exception(message);
