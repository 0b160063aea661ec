namespace Bosun.Core.Shipyard;

/// <summary>A shipyard that breaks a rule; the message names the field and the rule.</summary>
public sealed class ShipyardException(string message) : Exception(message);
