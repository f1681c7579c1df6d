using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaOpt;

/// <summary>
/// MetaOpt's one JSON form of a <see cref="Distribution"/>, used by the worker protocol, the PostgreSQL storage and the
/// launcher's search-space files: <c>{"kind": "float", "low": 0.001, "high": 1, "log": true, "step": null}</c>,
/// <c>{"kind": "int", "low": 1, "high": 9, "log": false, "step": 2}</c> or
/// <c>{"kind": "categorical", "choices": [["s", "adam"], ["i", 3], ["b", true]]}</c>, choices as
/// <see cref="ValueJson"/>'s <c>[type, value]</c> pairs so they come back with their exact types.
/// </summary>
/// <remarks>
/// The reader also takes the hand-written form of search-space files: <c>"type"</c> for <c>"kind"</c>, plain
/// choices, and <c>log</c> and <c>step</c> left out (false, and no step or 1). <see cref="ToOptuna"/> and
/// <see cref="FromOptuna"/> speak Optuna's dialect, the text its storages keep per parameter.
/// </remarks>
public static class DistributionJson
{
    private static readonly string[] Kinds = ["float", "int", "categorical"];

    /// <summary>Writes the distribution with every setting.</summary>
    /// <exception cref="NotSupportedException">The distribution is not a float, int or categorical one.</exception>
    public static void Write(Utf8JsonWriter writer, Distribution distribution)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        switch (distribution)
        {
            case FloatDistribution f:
                writer.WriteString("kind", "float");
                writer.WritePropertyName("low");
                ValueJson.WriteDouble(writer, f.Low);
                writer.WritePropertyName("high");
                ValueJson.WriteDouble(writer, f.High);
                writer.WriteBoolean("log", f.Log);
                writer.WritePropertyName("step");
                if (f.Step is { } step)
                    ValueJson.WriteDouble(writer, step);
                else
                    writer.WriteNullValue();
                break;
            case IntDistribution i:
                writer.WriteString("kind", "int");
                writer.WriteNumber("low", i.Low);
                writer.WriteNumber("high", i.High);
                writer.WriteBoolean("log", i.Log);
                writer.WriteNumber("step", i.Step);
                break;
            case CategoricalDistribution c:
                writer.WriteString("kind", "categorical");
                writer.WriteStartArray("choices");
                for (var index = 0; index < c.Choices.Count; index++)
                    ValueJson.WriteTyped(writer, $"choice #{index}", c.Choices[index]);
                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"MetaOpt has no JSON form for a {distribution?.GetType().Name ?? "null"}.");
        }
        writer.WriteEndObject();
    }

    /// <summary>The distribution as a JSON node, for messages built as nodes.</summary>
    public static JsonObject ToNode(Distribution distribution) =>
        JsonNode.Parse(ValueJson.Text(writer => Write(writer, distribution)))!.AsObject();

    /// <summary>Reads a distribution from a JSON node.</summary>
    /// <exception cref="InvalidDataException">The node is not a distribution, naming the bad key.</exception>
    /// <exception cref="ArgumentException">The settings are inconsistent, as the distribution's constructor says.</exception>
    public static Distribution Read(JsonNode? node)
    {
        using var document = JsonDocument.Parse(node?.ToJsonString() ?? "null");
        return Read(document.RootElement);
    }

    /// <summary>Reads a distribution, refusing keys the kind does not have.</summary>
    /// <exception cref="InvalidDataException">The element is not a distribution, naming the bad key.</exception>
    /// <exception cref="ArgumentException">The settings are inconsistent, as the distribution's constructor says.</exception>
    public static Distribution Read(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException("must be an object with \"kind\" (or \"type\"): float, int or categorical");
        var tag = entry.TryGetProperty("kind", out _) || !entry.TryGetProperty("type", out _) ? "kind" : "type";
        var kind = entry.TryGetProperty(tag, out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        var allowed = kind switch
        {
            "float" or "int" => new[] { tag, "low", "high", "log", "step" },
            "categorical" => [tag, "choices"],
            null when !entry.TryGetProperty(tag, out _) =>
                throw new InvalidDataException($"\"kind\" (or \"type\") is missing: use one of {string.Join(", ", Kinds)}"),
            _ => throw new InvalidDataException($"\"{tag}\" is '{kind ?? k.GetRawText()}': use one of {string.Join(", ", Kinds)}"),
        };
        if (entry.EnumerateObject().Select(p => p.Name).FirstOrDefault(name => !allowed.Contains(name)) is { } unknown)
            throw new InvalidDataException($"unknown key \"{unknown}\" for a {kind}: use {string.Join(", ", allowed)}");
        return kind switch
        {
            "float" => new FloatDistribution(Number(entry, "low"), Number(entry, "high"), Flag(entry, "log"),
                entry.TryGetProperty("step", out var step) && step.ValueKind != JsonValueKind.Null ? Number(entry, "step") : null),
            "int" => new IntDistribution(Whole(entry, "low"), Whole(entry, "high"), Flag(entry, "log"),
                entry.TryGetProperty("step", out _) ? Whole(entry, "step") : 1),
            _ => new CategoricalDistribution(Choices(entry)),
        };
    }

    /// <summary>
    /// The distribution as Optuna's <c>distribution_to_json</c> writes it, the text its journal and RDB storages keep:
    /// <c>{"name": "FloatDistribution", "attributes": {"step": null, "low": 1e-05, "high": 0.1, "log": true}}</c>,
    /// <c>IntDistribution</c> with <c>log</c>, <c>step</c>, <c>low</c> and <c>high</c>, or
    /// <c>CategoricalDistribution</c> with plain <c>choices</c> (numbers written so Python reads a float back as one).
    /// </summary>
    /// <exception cref="NotSupportedException">The distribution is not a float, int or categorical one.</exception>
    public static string ToOptuna(Distribution distribution) => ValueJson.Text(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("name", distribution switch
        {
            FloatDistribution => "FloatDistribution",
            IntDistribution => "IntDistribution",
            CategoricalDistribution => "CategoricalDistribution",
            _ => throw new NotSupportedException($"Optuna has no distribution for a {distribution?.GetType().Name ?? "null"}."),
        });
        writer.WriteStartObject("attributes");
        switch (distribution)
        {
            case FloatDistribution f:
                writer.WritePropertyName("step");
                ValueJson.WritePythonFloat(writer, f.Step);
                writer.WritePropertyName("low");
                ValueJson.WritePythonFloat(writer, f.Low);
                writer.WritePropertyName("high");
                ValueJson.WritePythonFloat(writer, f.High);
                writer.WriteBoolean("log", f.Log);
                break;
            case IntDistribution i:
                writer.WriteBoolean("log", i.Log);
                writer.WriteNumber("step", i.Step);
                writer.WriteNumber("low", i.Low);
                writer.WriteNumber("high", i.High);
                break;
            case CategoricalDistribution c:
                writer.WriteStartArray("choices");
                foreach (var choice in c.Choices)
                    ValueJson.WritePython(writer, $"choice #{c.IndexOf(choice)}", choice);
                writer.WriteEndArray();
                break;
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    /// <summary>
    /// Reads Optuna's text of a distribution (<see cref="ToOptuna"/>), with the classes Optuna 3 still reads:
    /// <c>UniformDistribution</c>, <c>LogUniformDistribution</c>, <c>DiscreteUniformDistribution</c> (<c>q</c>),
    /// <c>IntUniformDistribution</c> and <c>IntLogUniformDistribution</c>; and its abbreviated <c>"type"</c> form,
    /// which is MetaOpt's hand-written one.
    /// </summary>
    /// <exception cref="InvalidDataException">The text is not one of these, naming what is wrong.</exception>
    /// <exception cref="ArgumentException">The settings are ones MetaOpt has no distribution for (a <c>None</c> choice, bounds past an int), as the distribution's constructor says.</exception>
    public static Distribution FromOptuna(string json)
    {
        using var document = JsonDocument.Parse(json);
        var entry = document.RootElement;
        if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("name", out var name))
            return Read(entry);
        if (!entry.TryGetProperty("attributes", out var a) || a.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException("an Optuna distribution needs \"attributes\"");
        bool Log() => Flag(a, "log");
        double? Step(string key) => a.TryGetProperty(key, out var s) && s.ValueKind != JsonValueKind.Null ? Number(a, key) : null;
        return name.GetString() switch
        {
            "FloatDistribution" => new FloatDistribution(Number(a, "low"), Number(a, "high"), Log(), Step("step")),
            "UniformDistribution" => new FloatDistribution(Number(a, "low"), Number(a, "high")),
            "LogUniformDistribution" => new FloatDistribution(Number(a, "low"), Number(a, "high"), log: true),
            "DiscreteUniformDistribution" => new FloatDistribution(Number(a, "low"), Number(a, "high"), step: Step("q")),
            "IntDistribution" => new IntDistribution(Whole(a, "low"), Whole(a, "high"), Log(), a.TryGetProperty("step", out _) ? Whole(a, "step") : 1),
            "IntUniformDistribution" => new IntDistribution(Whole(a, "low"), Whole(a, "high"), step: a.TryGetProperty("step", out _) ? Whole(a, "step") : 1),
            "IntLogUniformDistribution" => new IntDistribution(Whole(a, "low"), Whole(a, "high"), log: true),
            "CategoricalDistribution" => new CategoricalDistribution(OptunaChoices(a)),
            var other => throw new InvalidDataException($"unknown Optuna distribution '{other}'"),
        };
    }

    // Optuna's choices are plain JSON values; None, which MetaOpt has no choice for, is named by the constructor.
    private static List<object> OptunaChoices(JsonElement attributes) =>
        attributes.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array
            ? choices.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Null ? null! : ValueJson.ReadTyped(c)).ToList()
            : throw new InvalidDataException("\"choices\" must be an array");

    private static double Number(JsonElement entry, string key) =>
        entry.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new InvalidDataException($"\"{key}\" must be a number");

    private static int Whole(JsonElement entry, string key) =>
        entry.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var whole)
            ? whole
            : throw new InvalidDataException($"\"{key}\" must be a whole number");

    private static bool Flag(JsonElement entry, string key) =>
        !entry.TryGetProperty(key, out var value) || value.ValueKind == JsonValueKind.Null ? false
        : value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean()
        : throw new InvalidDataException($"\"{key}\" must be true or false");

    private static List<object> Choices(JsonElement entry)
    {
        if (!entry.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
            throw new InvalidDataException("\"choices\" must be a non-empty array of strings, numbers or booleans");
        return choices.EnumerateArray().Select(ValueJson.ReadTyped).ToList();
    }
}
