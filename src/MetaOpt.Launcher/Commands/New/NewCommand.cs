using System.CommandLine;
using System.Globalization;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.UserStudies;

namespace MetaOpt.Launcher.Commands.New;

/// <summary><c>metaopt new study NAME</c>: a working study project in one command.</summary>
internal sealed class NewCommand : Command
{
    public NewCommand() : base("new", "Create a project from a template.")
    {
        this.WithExamples("metaopt new study my-model");
        Subcommands.Add(new NewStudyCommand());
    }

    private sealed class NewStudyCommand : Command
    {
        private readonly Argument<string> _name = new("name")
        {
            Description = "The study's name, kebab-case (e.g. my-model).",
        };

        private readonly Option<string> _out = new("--out")
        {
            Description = "The project folder to create; default: ./NAME.",
            HelpName = "DIR",
        };

        public NewStudyCommand() : base("study", "Create a study project (.csproj, one example study, metaopt.json) that 'metaopt run NAME' runs from its folder.")
        {
            this.WithExamples("metaopt new study my-model");
            Arguments.Add(_name);
            Options.Add(_out);
            _name.Validators.Add(result =>
            {
                var name = result.GetValueOrDefault<string>();
                if (!IsKebabCase(name))
                    result.AddError($"invalid study name '{Format.Name(name)}': use lower-case words and digits joined by '-', starting with a letter (e.g. my-model)");
                else if (StudySet.IsBuiltInName(name))
                    result.AddError($"invalid study name '{name}': it is the name of a built-in study; choose another");
            });
            SetAction(parse =>
            {
                var name = parse.GetRequiredValue(_name);
                var folder = Path.GetFullPath(parse.GetValue(_out) ?? name);
                if (File.Exists(folder) || Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
                    throw LauncherException.Usage($"'{folder}' already exists and is not an empty folder: pass --out with a new one");
                var pascal = string.Concat(name.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
                var project = pascal + "Studies.csproj";
                try
                {
                    Directory.CreateDirectory(folder);
                    File.WriteAllText(Path.Combine(folder, project), StudyTemplate.Project(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)));
                    File.WriteAllText(Path.Combine(folder, pascal + "Study.cs"), StudyTemplate.Study(pascal + "Studies", pascal + "Study", name));
                    File.WriteAllText(Path.Combine(folder, StudiesLocation.SettingsFile), $"{{\"studies\": \"{project}\"}}\n");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw LauncherException.Failure($"cannot create '{folder}': {Format.Reason(e)}", e);
                }
                var output = parse.InvocationConfiguration.Output;
                output.WriteLine($"Created {Path.Combine(folder, project)} with the study '{name}' ({pascal}Study.cs).");
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run it from there: cd {folder} && metaopt run {name} --trials 10"));
                return ExitCodes.Ok;
            });
        }

        private static bool IsKebabCase([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? name) =>
            name is { Length: > 0 and <= 60 } && char.IsAsciiLetterLower(name[0]) && !name.EndsWith('-') && !name.Contains("--", StringComparison.Ordinal)
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
    }
}
