using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// The manifest of an exported trial (<see cref="StudyArtifacts.Export"/>): its study, number, value, seed and
/// parameters, and each artifact's file name, size, SHA-256 and media type, so the folder stands on its own on
/// another machine.
/// </summary>
public static class ArtifactManifestJson
{
    /// <summary>The manifest of <paramref name="trial"/> of study <paramref name="studyName"/> as JSON text.</summary>
    public static string Write(string studyName, FrozenTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return ValueJson.Text(json =>
        {
            json.WriteStartObject();
            json.WriteString("study", studyName);
            json.WriteNumber("trial", trial.Number);
            if (trial.Value is { } value)
            {
                json.WritePropertyName("value");
                ValueJson.WriteDouble(json, value);
            }
            if (trial.Seed is { } seed)
                json.WriteNumber("seed", seed);
            TrialJson.WriteMap(json, "params", trial.Params);
            WriteArtifacts(json, trial.Artifacts);
            json.WriteEndObject();
        });
    }

    /// <summary>Writes the property <c>"artifacts"</c>: each artifact's name, size, sha256 and content_type, as the manifest lists them.</summary>
    public static void WriteArtifacts(Utf8JsonWriter json, IEnumerable<ArtifactInfo> artifacts)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(artifacts);
        json.WriteStartArray("artifacts");
        foreach (var artifact in artifacts)
        {
            json.WriteStartObject();
            json.WriteString("name", artifact.Name);
            json.WriteNumber("size", artifact.Size);
            json.WriteString("sha256", artifact.Hash);
            json.WriteString("content_type", artifact.ContentType);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>The artifacts a manifest lists.</summary>
    /// <exception cref="InvalidDataException">The text is not a manifest.</exception>
    public static IReadOnlyList<ArtifactInfo> ReadArtifacts(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.GetProperty("artifacts").EnumerateArray().Select(a => new ArtifactInfo(
                a.GetProperty("name").GetString()!, a.GetProperty("sha256").GetString()!, a.GetProperty("size").GetInt64(),
                a.GetProperty("content_type").GetString()!)).ToList();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"not a MetaOpt artifact manifest: {e.Message}", e);
        }
    }
}
