namespace MetaOpt;

/// <summary>Keeps attribute values to the types every storage can round-trip.</summary>
internal static class AttributeValue
{
    /// <param name="key">The attribute's (or enqueued parameter's) name, for the error.</param>
    /// <param name="value">The value to check.</param>
    /// <param name="kind">What the value is, for the error: "Attribute" or "Parameter".</param>
    public static object Check(string key, object value, string kind = "Attribute")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return value switch
        {
            string or bool or int or long or double => value,
            float f => (double)f,
            _ => throw new ArgumentException(
                $"{kind} '{key}' has a value of type {value?.GetType().Name ?? "null"}; allowed are string, bool, int, long and double.",
                nameof(value)),
        };
    }
}
