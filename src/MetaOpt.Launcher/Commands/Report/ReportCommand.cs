using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.Report;

/// <summary><c>metaopt report &lt;study&gt;</c>: writes the convergence report (PNG plots and one HTML page).</summary>
internal sealed class ReportCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();

    private readonly Option<string> _out = new("--out")
    {
        Description = "The folder to write to. Default: reports/<study> beside the storage file.",
        HelpName = "DIR",
    };

    private readonly Option<string[]> _compare = new("--compare")
    {
        Description = "Other stored studies to put on one history plot with this one (comparison.html).",
        HelpName = "study",
        AllowMultipleArgumentsPerToken = true,
    };

    public ReportCommand(Interruption interruption) : base("report", "Write a study's convergence report: PNG plots and a self-contained HTML page.")
    {
        this.WithExamples("metaopt report functions-branin --out report");
        Arguments.Add(_study);
        Options.Add(_storage);
        Options.Add(_out);
        Options.Add(_compare);
        _compare.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
                if (CommonOptions.StudyNameProblem("--compare", name) is { } problem)
                    result.AddError(problem);
        });
        SetAction(parse =>
        {
            interruption.Listen();
            var path = parse.GetRequiredValue(_storage);
            using var storage = StorageFile.Open(path, create: false);
            var name = parse.GetRequiredValue(_study);
            StorageFile.RequireStudy(storage, name, path);
            // With its artifact store, so the report tells the models still kept from those the keep policy let go.
            var study = Study.Load(name, new StudyOptions { Storage = storage, Artifacts = ArtifactLocation.Existing(path, storage.FindStudy(name)) });
            var others = (parse.GetValue(_compare) ?? []).Select(name => StorageFile.LoadStudy(storage, name, path)).ToList();
            var directory = parse.GetValue(_out) ?? ReportWriter.DefaultDirectory(path, study.Name);
            ReportWriter.Write(study, others, directory, parse.InvocationConfiguration.Output, interruption, "run the same command to write it");
            return ExitCodes.Ok;
        });
    }
}
