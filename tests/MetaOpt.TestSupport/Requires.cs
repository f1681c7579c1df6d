using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace MetaOpt.TestSupport;

/// <summary>
/// The one way a test states what the machine must offer. Under CI (the <c>CI</c> environment variable is set) a
/// missing tool fails the test, since a green run must mean it was checked; elsewhere the test is reported as skipped.
/// Tests using it are <c>[SkippableFact]</c> or <c>[SkippableTheory]</c>.
/// </summary>
public static class Requires
{
    /// <summary>Whether this run is CI's, where every tool a test needs must be installed.</summary>
    public static bool UnderCi => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Requires a tool or facility (a browser, a tmpfs mount, a second user): CI fails without it, elsewhere the test skips.</summary>
    /// <param name="available">Whether the tool was found and works.</param>
    /// <param name="what">What is missing and how to get it, e.g. "chromium not on PATH (apt-get install chromium)".</param>
    public static void Tool([DoesNotReturnIf(false)] bool available, string what)
    {
        if (available)
            return;
        if (UnderCi)
            Assert.Fail($"{what}; CI must provide it (the CI environment variable is set)");
        throw new SkipException(what);
    }

    /// <summary>Requires headless Chromium (pages and reports in a real browser) and returns its path.</summary>
    public static string Chromium()
    {
        var executable = ExecutablePath.Find("chromium", "chromium-browser", "google-chrome");
        Tool(executable is not null, "chromium not on PATH (Debian: apt-get install chromium; .ci/run installs it)");
        return executable;
    }

    /// <summary>
    /// Skips, under CI too, a test that only applies to some machines (one without CUDA, say): unlike a missing tool,
    /// the machine is not at fault, and another test covers the other case.
    /// </summary>
    /// <param name="applies">Whether the test applies to this machine.</param>
    /// <param name="why">Why it does not, shown as the skip reason.</param>
    public static void MachineWhere([DoesNotReturnIf(false)] bool applies, string why) => Skip.IfNot(applies, why);
}
