using System.Diagnostics;
using System.Xml.Linq;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.UserStudies;

/// <summary>
/// A study project (<c>.csproj</c>: a user's studies, or a study package of a source checkout), built into
/// <c>bin/metaopt/</c> beside it with <c>dotnet build</c> when a source of the project, or of a project it references,
/// is newer than that output, so an unchanged project costs no build.
/// </summary>
internal static class StudyProject
{
    /// <summary>Where the build goes, inside the project folder.</summary>
    public const string OutputFolder = "bin/metaopt";

    /// <summary>Builds the project if needed and returns its assembly's path.</summary>
    /// <exception cref="LauncherException">The build failed: the first compiler error, or dotnet's own first line.</exception>
    public static string Build(string projectPath, TextWriter log)
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(projectPath))!;
        var output = Path.Combine(projectDirectory, OutputFolder);
        var assembly = Path.Combine(output, AssemblyName(projectPath) + ".dll");
        var newest = NewestSource(Path.GetFullPath(projectPath), []);
        if (File.Exists(assembly) && File.GetLastWriteTimeUtc(assembly) >= newest)
            return assembly;
        log.WriteLine($"Building {projectPath}...");
        var start = new ProcessStartInfo("dotnet", ["build", projectPath, "-c", "Release", "-o", output, "-nologo", "-v:q", "-clp:NoSummary"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        string text;
        int exitCode;
        try
        {
            using var build = Process.Start(start)!;
            var error = build.StandardError.ReadToEndAsync();
            text = build.StandardOutput.ReadToEnd() + error.Result;
            build.WaitForExit();
            exitCode = build.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw LauncherException.Failure($"cannot build studies project '{projectPath}': 'dotnet' could not be started ({e.Message}); install the .NET SDK or pass the built .dll", e);
        }
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (exitCode != 0)
        {
            var first = lines.FirstOrDefault(l => l.Contains(": error ", StringComparison.Ordinal)) ?? lines.FirstOrDefault() ?? $"dotnet build exited with {exitCode}";
            // MSBuild appends the project path in brackets; the line already names the file.
            var bracket = first.LastIndexOf(" [", StringComparison.Ordinal);
            throw LauncherException.Failure($"cannot build studies project '{projectPath}': {(bracket > 0 ? first[..bracket] : first)}");
        }
        if (!File.Exists(assembly))
            throw LauncherException.Failure($"studies project '{projectPath}' built, but '{assembly}' is not there: its AssemblyName must be set in the .csproj itself");
        // The newest source this build saw, not the compile's time: a change in a referenced project that leaves this
        // assembly as it was (not recompiled, not copied again) would otherwise start a build on every run. Not the
        // clock either: a file written just after the build gets a file-system time that can be behind it.
        File.SetLastWriteTimeUtc(assembly, newest == DateTime.MaxValue ? DateTime.UtcNow : newest);
        return assembly;
    }

    private static string AssemblyName(string projectPath)
    {
        var declared = Load(projectPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "AssemblyName")?.Value;
        return string.IsNullOrWhiteSpace(declared) ? Path.GetFileNameWithoutExtension(projectPath) : declared.Trim();
    }

    private static XDocument Load(string projectPath)
    {
        try
        {
            return XDocument.Load(projectPath);
        }
        catch (System.Xml.XmlException e)
        {
            throw LauncherException.Failure($"studies project '{projectPath}' is not a valid project file: {Format.Reason(e)}", e);
        }
    }

    // What a build reads. Anything else in the folder (the studies.db a run writes beside the project, reports,
    // data) would make every run rebuild.
    private static readonly string[] SourceExtensions = [".cs", ".csproj", ".props", ".targets", ".resx"];

    // The project's folder and those of the projects it references (the recommender studies reference the
    // recommender's sources), each once.
    private static DateTime NewestSource(string projectPath, HashSet<string> seen)
    {
        var directory = Path.GetDirectoryName(projectPath)!;
        if (!seen.Add(directory))
            return DateTime.MinValue;
        var references = Load(projectPath).Descendants().Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => e.Attribute("Include")?.Value)
            .OfType<string>()
            .Select(include => Path.GetFullPath(include.Replace('\\', Path.DirectorySeparatorChar), directory))
            .Where(File.Exists)
            .ToList();
        return Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => SourceExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase)
                        && !IsBuildOutput(Path.GetRelativePath(directory, f)))
            .Select(File.GetLastWriteTimeUtc)
            .Concat(references.Select(r => NewestSource(r, seen)))
            .DefaultIfEmpty(DateTime.MaxValue)
            .Max();
    }

    private static bool IsBuildOutput(string relative) =>
        relative.StartsWith("bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
        || relative.StartsWith("obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
