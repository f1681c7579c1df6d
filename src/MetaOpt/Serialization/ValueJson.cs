using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// Values in MetaOpt's JSON: doubles as numbers, with NaN and infinities (which JSON numbers cannot hold) as strings;
/// parameter and attribute values (string, bool, int, long, double) as <c>[type, value]</c> pairs, so each comes back
/// with its exact type.
/// </summary>
public static class ValueJson
{
    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns the JSON text.</summary>
    public static string Text(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Writes a double as a number, or as its invariant text when it is NaN or infinite.</summary>
    public static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (double.IsFinite(value))
            writer.WriteNumberValue(value);
        else
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Writes a double as Python's <c>json.dumps</c> writes a float, so Python (Optuna) reads it back as a float and not
    /// an int: a whole number with <c>.0</c>, NaN and the infinities as the bare <c>NaN</c>, <c>Infinity</c> and
    /// <c>-Infinity</c> that Python's JSON reads and writes; null as <c>null</c> (Python's <c>None</c>).
    /// </summary>
    public static void WritePythonFloat(Utf8JsonWriter writer, double? number)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (number is not { } value)
        {
            writer.WriteNullValue();
            return;
        }
        var text = double.IsNaN(value) ? "NaN"
            : double.IsPositiveInfinity(value) ? "Infinity"
            : double.IsNegativeInfinity(value) ? "-Infinity"
            : value.ToString("R", CultureInfo.InvariantCulture);
        if (double.IsFinite(value) && text.IndexOfAny(['.', 'E', 'e']) < 0)
            text += ".0";
        writer.WriteRawValue(text, skipInputValidation: !double.IsFinite(value));
    }

    /// <summary>
    /// Writes a value (string, bool, int, long or double) as the plain JSON value Python's <c>json.dumps</c> writes
    /// for it, doubles by <see cref="WritePythonFloat"/>: how Optuna's storages keep choices and attributes.
    /// </summary>
    /// <param name="writer">Where the value goes.</param>
    /// <param name="key">What the value is, for the error.</param>
    /// <param name="value">A string, bool, int, long, float or double.</param>
    /// <exception cref="ArgumentException">The value has another type.</exception>
    public static void WritePython(Utf8JsonWriter writer, string key, object value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value)
        {
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int or long:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double or float:
                WritePythonFloat(writer, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException(
                    $"'{key}' has a value of type {value?.GetType().Name ?? "null"}; MetaOpt keeps string, bool, int, long and double.",
                    nameof(value));
        }
    }

    /// <summary>Reads what <see cref="WriteDouble"/> writes.</summary>
    /// <exception cref="InvalidDataException">The element is neither a number nor the text of one.</exception>
    public static double ReadDouble(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => throw new InvalidDataException($"{value.GetRawText()} is not a number"),
    };

    /// <summary>Writes a value as a <c>[type, value]</c> pair: <c>s</c>, <c>b</c>, <c>i</c>, <c>l</c> or <c>d</c>.</summary>
    /// <param name="writer">Where the pair goes.</param>
    /// <param name="key">What the value is, for the error.</param>
    /// <param name="value">A string, bool, int, long, float or double.</param>
    /// <exception cref="ArgumentException">The value has another type.</exception>
    public static void WriteTyped(Utf8JsonWriter writer, string key, object value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        switch (value)
        {
            case string s:
                writer.WriteStringValue("s");
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteStringValue("b");
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteStringValue("i");
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteStringValue("l");
                writer.WriteNumberValue(l);
                break;
            case double or float:
                writer.WriteStringValue("d");
                WriteDouble(writer, Convert.ToDouble(value, CultureInfo.InvariantCulture));
                break;
            default:
                throw new ArgumentException(
                    $"'{key}' has a value of type {value?.GetType().Name ?? "null"}; MetaOpt keeps string, bool, int, long and double.",
                    nameof(value));
        }
        writer.WriteEndArray();
    }

    /// <summary>
    /// Reads a <c>[type, value]</c> pair, or a plain JSON string, boolean or number as people write them by hand (a
    /// whole number that fits an int is an int, any other number a double).
    /// </summary>
    /// <exception cref="InvalidDataException">The element is none of these.</exception>
    public static object ReadTyped(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return value.GetString()!;
            case JsonValueKind.True or JsonValueKind.False:
                return value.GetBoolean();
            case JsonValueKind.Number:
                return value.TryGetInt32(out var whole) ? whole : (object)value.GetDouble();
            case JsonValueKind.Array when value.GetArrayLength() == 2 && value[0].ValueKind == JsonValueKind.String:
                var inner = value[1];
                return (value[0].GetString(), inner.ValueKind) switch
                {
                    ("s", JsonValueKind.String) => inner.GetString()!,
                    ("b", JsonValueKind.True or JsonValueKind.False) => inner.GetBoolean(),
                    ("i", JsonValueKind.Number) when inner.TryGetInt32(out var i) => i,
                    ("l", JsonValueKind.Number) when inner.TryGetInt64(out var l) => l,
                    ("d", _) => ReadDouble(inner),
                    _ => throw NotAValue(value),
                };
            default:
                throw NotAValue(value);
        }
    }

    private static InvalidDataException NotAValue(JsonElement value) =>
        new($"{value.GetRawText()} is not a string, number or boolean, nor a [type, value] pair of one");
}
