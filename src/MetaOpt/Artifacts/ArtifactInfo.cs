namespace MetaOpt;

/// <summary>A file a trial kept: its name within the trial, and the blob holding it in the study's <see cref="IArtifactStore"/>.</summary>
/// <param name="Name">The name the objective gave it, unique within its trial (also its file name when exported).</param>
/// <param name="Hash">The lower-case hex SHA-256 of its bytes, which names its blob.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="ContentType">Its media type, as the objective gave it.</param>
public sealed record ArtifactInfo(string Name, string Hash, long Size, string ContentType)
{
    /// <summary>The prefix of the trial system attributes that hold a trial's artifacts, one per artifact (<see cref="ArtifactJson"/>).</summary>
    public const string AttrPrefix = "artifact:";

    /// <summary>The longest artifact name accepted, in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>
    /// Refuses a name that could not be a file name on export: empty, too long, <c>.</c> or <c>..</c>, or holding a
    /// path separator or a control character.
    /// </summary>
    /// <exception cref="ArgumentException">The name is one of those.</exception>
    public static void ValidateName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > MaxNameLength || name is "." or ".." || name.Any(c => c is '/' or '\\' || char.IsControl(c)) || name.Trim() != name)
            throw new ArgumentException(
                $"Artifact name '{name}' cannot be a file name: use at most {MaxNameLength} characters, no '/', '\\', control characters or surrounding blanks, and not '.' or '..'.",
                nameof(name));
    }
}
