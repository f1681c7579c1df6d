using System.Text.Json;

namespace MetaOpt.Storages.Postgres.Rows;

/// <summary>Writes a <see cref="Distribution"/> as a JSON object tagged with its kind, with every setting kept.</summary>
internal static class DistributionJson
{
    public static void Write(Utf8JsonWriter writer, Distribution distribution)
    {
        writer.WriteStartObject();
        switch (distribution)
        {
            case FloatDistribution f:
                writer.WriteString("kind", "float");
                writer.WritePropertyName("low");
                JsonValues.WriteDouble(writer, f.Low);
                writer.WritePropertyName("high");
                JsonValues.WriteDouble(writer, f.High);
                writer.WriteBoolean("log", f.Log);
                writer.WritePropertyName("step");
                if (f.Step is { } step)
                    JsonValues.WriteDouble(writer, step);
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
                    JsonValues.WriteTyped(writer, $"choice #{index}", c.Choices[index]);
                writer.WriteEndArray();
                break;
            default:
                throw new NotSupportedException($"A PostgreSQL storage cannot store a {distribution.GetType().Name}.");
        }
        writer.WriteEndObject();
    }

    public static Distribution Read(JsonElement element) => element.GetProperty("kind").GetString() switch
    {
        "float" => new FloatDistribution(
            JsonValues.ReadDouble(element.GetProperty("low")),
            JsonValues.ReadDouble(element.GetProperty("high")),
            element.GetProperty("log").GetBoolean(),
            element.GetProperty("step").ValueKind == JsonValueKind.Null ? null : JsonValues.ReadDouble(element.GetProperty("step"))),
        "int" => new IntDistribution(
            element.GetProperty("low").GetInt32(),
            element.GetProperty("high").GetInt32(),
            element.GetProperty("log").GetBoolean(),
            element.GetProperty("step").GetInt32()),
        "categorical" => new CategoricalDistribution(element.GetProperty("choices").EnumerateArray().Select(JsonValues.ReadTyped).ToList()),
        var kind => throw new InvalidDataException($"The storage holds a distribution of kind '{kind}', which this MetaOpt does not know."),
    };
}
