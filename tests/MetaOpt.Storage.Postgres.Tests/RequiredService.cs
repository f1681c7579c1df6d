namespace MetaOpt.Storage.Postgres.Tests;

/// <summary>
/// The one check for a test that needs an outside service: it fails under CI (the <c>CI</c> environment variable is
/// set), where the service must be there, and is reported skipped elsewhere.
/// </summary>
internal static class RequiredService
{
    public static void Check(bool available, string what)
    {
        if (available)
            return;
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            Assert.Fail($"{what} (required under CI)");
        Skip.If(true, what);
    }
}
