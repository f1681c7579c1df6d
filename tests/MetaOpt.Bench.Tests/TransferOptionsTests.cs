using System.CommandLine;
using System.Globalization;
using MetaOpt.Bench.Gp;

namespace MetaOpt.Bench.Tests;

/// <summary><c>transfer</c> refuses bad options with one line and exit 2, and runs CMA-ES's warm start with <c>--sampler cmaes</c>.</summary>
public sealed class TransferOptionsTests
{
    private static (int ExitCode, string Output, string[] Errors) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = TransferCommand.Create().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(new[] { "--sampler", "tpe" }, "transfer: --sampler: 'tpe' is not a sampler this benchmark warm-starts; use gp or cmaes.")]
    [InlineData(new[] { "--sampler", "cma" }, "transfer: --sampler: 'cma' is not a sampler this benchmark warm-starts; use gp or cmaes.")]
    [InlineData(new[] { "--sampler", "cmaes", "--transfer", "stacked-rgpe" }, "transfer: --transfer chooses the GP's transfer method; --sampler cmaes warm-starts by WS-CMA-ES only, so leave --transfer out.")]
    [InlineData(new[] { "--transfer", "rgpe" }, "transfer: --transfer: 'rgpe' is not a transfer method; use stacked-rgpe or gaussian-copula.")]
    [InlineData(new[] { "--functions", "branin,sphere" }, "transfer: --functions: no function 'sphere'; the functions are branin, hartmann3, rosenbrock4, ackley5, mixed.")]
    [InlineData(new[] { "--functions", " , " }, "transfer: --functions is empty; name one or more of branin, hartmann3, rosenbrock4, ackley5, mixed.")]
    [InlineData(new[] { "--budgets", "10,0" }, "transfer: --budgets: '0' is not a whole number of trials of at least 1.")]
    [InlineData(new[] { "--budgets", "10,200" }, "transfer: --budgets must name at least one trial count, each at most --trials (100), got 10,200.")]
    [InlineData(new[] { "--seeds", "1" }, "transfer: --seeds must be at least 2, --trials at least 1 and --source-trials at least 2, got 1, 100 and 50.")]
    [InlineData(new[] { "--shift", "0.3" }, "transfer: --shift must be between 0 and 0.25, got 0.3.")]
    public void ABadOptionIsOneLineAndExitTwo(string[] args, string expected)
    {
        var (exitCode, output, errors) = Run(args);

        Assert.Equal(2, exitCode);
        Assert.Equal(expected, Assert.Single(errors));
        Assert.Empty(output);
    }

    [Fact]
    public void CmaEsWarmStartedFromTheRelatedTaskBeatsColdAndFromTheUnrelatedOneLoses()
    {
        string[] args = ["--sampler", "cmaes", "--functions", "hartmann3", "--seeds", "6", "--trials", "30", "--budgets", "10,30", "--source-trials", "30"];

        var (exitCode, output, errors) = Run(args);
        var again = Run(args);

        Assert.Equal(0, exitCode);
        Assert.Empty(errors);
        Assert.Equal(output, again.Output);
        Assert.True(Ratio(output, "related") > 1, output);
        Assert.True(Ratio(output, "unrelated") < 1, output);
    }

    /// <summary>The geometric mean of ERT(cold) / ERT(<paramref name="arm"/>) the run printed.</summary>
    private static double Ratio(string output, string arm)
    {
        var line = output.Split('\n').Single(l => l.StartsWith($"ERT(cold)/ERT({arm}): geometric mean ", StringComparison.Ordinal));
        return double.Parse(line.Split(' ')[3].TrimEnd(','), CultureInfo.InvariantCulture);
    }
}
