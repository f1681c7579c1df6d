namespace MetaOpt.Dashboard.Tests;

/// <summary>
/// Tests that need a program installed on the machine: skipped where it is missing, but failed under CI (the
/// <c>CI</c> environment variable set), where a missing tool means the machine is not set up as it must be.
/// </summary>
internal static class RequiredTool
{
    /// <summary>The full path of <paramref name="names"/>' first one found on PATH; skips or fails the test when there is none.</summary>
    public static string Find(params string[] names)
    {
        var path = names.Select(OnPath).FirstOrDefault(p => p is not null);
        var message = $"none of {string.Join(", ", names)} is on PATH";
        if (path is null && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            Assert.Fail($"{message}, and CI must run this test: install it on the CI machine.");
        Skip.If(path is null, message);
        return path!;
    }

    private static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
