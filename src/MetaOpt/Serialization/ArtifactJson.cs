using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// The stored form of an <see cref="ArtifactInfo"/>, the value of its trial's system attribute
/// <c>artifact:NAME</c>: <c>{"hash": "…", "size": 123, "content_type": "application/octet-stream"}</c>.
/// </summary>
public static class ArtifactJson
{
    /// <summary>The artifact as the JSON text its attribute holds (the name is in the attribute's key).</summary>
    public static string Write(ArtifactInfo artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return ValueJson.Text(json =>
        {
            json.WriteStartObject();
            json.WriteString("hash", artifact.Hash);
            json.WriteNumber("size", artifact.Size);
            json.WriteString("content_type", artifact.ContentType);
            json.WriteEndObject();
        });
    }

    /// <summary>Reads what <see cref="Write"/> writes, for the artifact <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not JSON of that shape.</exception>
    public static ArtifactInfo Read(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return new ArtifactInfo(name, root.GetProperty("hash").GetString()!, root.GetProperty("size").GetInt64(),
                root.GetProperty("content_type").GetString()!);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"artifact '{name}': {e.Message}", e);
        }
    }
}
