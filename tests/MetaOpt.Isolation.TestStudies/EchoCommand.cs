using System.CommandLine;
using MetaOpt.Studies;

namespace MetaOpt.Isolation.TestStudies;

/// <summary>
/// <c>metaopt probe-echo TEXT [--fail usage|failure]</c>: the command this assembly contributes when the launcher
/// loads it as an installed study package, so its tests see a package's command run and fail.
/// </summary>
public sealed class EchoCommand : IStudyCommand
{
    public Command Create(StudyCommandContext context)
    {
        var text = new Argument<string>("text");
        var fail = new Option<string>("--fail") { Description = "Fail this way instead of printing: usage or failure." };
        var command = new Command("probe-echo", "Print TEXT (a study package's command, for the launcher's tests).") { text, fail };
        context.AddExamples(command, "metaopt probe-echo hello");
        command.SetAction(parse => parse.GetValue(fail) switch
        {
            "usage" => throw StudyCommandException.Usage($"bad text '{parse.GetValue(text)}': use any other"),
            "failure" => throw StudyCommandException.Failed(new IOException($"cannot echo '{parse.GetValue(text)}'\nsecond line")),
            _ => Echo(parse.InvocationConfiguration.Output, parse.GetRequiredValue(text)),
        });
        return command;
    }

    private static int Echo(TextWriter output, string text)
    {
        output.WriteLine(text);
        return 0;
    }
}
