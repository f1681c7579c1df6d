namespace MetaOpt.Reports.Tests;

public sealed class MultiObjectiveReportTests
{
    // Under (minimize, minimize): trial 1 is dominated by 0, trial 3 repeats 0's values, trial 5 failed.
    private static Study Study()
    {
        var study = MetaOpt.Study.Create("pareto", new StudyOptions { Directions = [Direction.Minimize, Direction.Minimize], Sampler = new RandomSampler(1) });
        double[][] values = [[2, 2], [3, 3], [1, 3], [2, 2], [3, 1]];
        foreach (var v in values)
        {
            var trial = study.Ask();
            trial.SuggestFloat("x", 0, 1);
            trial.SuggestInt("n", 1, 4);
            study.Tell(trial, v);
        }
        study.Tell(study.Ask(), TrialState.Failed);
        return study;
    }

    [Fact]
    public void TheHypervolumeGrowsWhenATrialEntersTheFrontUpToAReferenceJustPastTheWorstValues()
    {
        var (numbers, volumes, reference) = HypervolumeHistoryPlot.Of(StudySnapshot.Of(Study()));

        // The reference is the worst value plus a tenth of the range (3 + 0.2) in each objective.
        Assert.Equal([3.2, 3.2], reference.Select(r => Math.Round(r, 12)));
        Assert.Equal([0, 2, 4], numbers);
        // (2,2): 1.2 x 1.2; with (1,3): + 2.2 x 0.2; with (3,1): + 0.2 x 1.
        Assert.Equal([1.44, 1.64, 1.84], volumes.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void TheStandardReportShowsTheFrontAndTheHypervolumeAndLeavesOutOneObjectivesPlots()
    {
        using var dir = new ReportTempDir();

        var files = StudyReport.Write(Study(), dir.Path);

        Assert.Equal(["pareto.png", "hypervolume.png", "timeline.png"], files.ImagePaths.Select(Path.GetFileName));
        var html = File.ReadAllText(files.HtmlPath);
        Assert.Contains("Pareto front: 4 of 5 complete trials", html);
        Assert.Contains("This study has 2 objectives", html);
        Assert.Contains("<td>2, 2</td>", html);
        Assert.StartsWith("number,state,values_0,values_1,", File.ReadAllText(files.CsvPath!));
    }

    [Fact]
    public void AParetoPlaneMustBeTwoObjectivesTheStudyHas() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ParetoFrontPlot.Create(StudySnapshot.Of(Study()), 0, 2));
}
