namespace MetaOpt;

/// <summary>Keeps attribute values to the types every storage can round-trip.</summary>
internal static class AttributeValue
{
    public static object Check(string key, object value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return value switch
        {
            string or bool or int or long or double => value,
            float f => (double)f,
            _ => throw new ArgumentException(
                $"Attribute '{key}' has a value of type {value?.GetType().Name ?? "null"}; allowed are string, bool, int, long and double.",
                nameof(value)),
        };
    }
}
