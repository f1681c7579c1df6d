namespace MetaOpt.TestSupport;

/// <summary>Finds programs on PATH, so that a test can name the tool it needs before requiring it.</summary>
public static class ExecutablePath
{
    /// <summary>The full path of the first of <paramref name="names"/> found on PATH, or null when none is.</summary>
    public static string? Find(params string[] names) =>
        names
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
}
