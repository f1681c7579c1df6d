namespace MetaOpt.Launcher.Tests;

/// <summary>A user's study project written into a test folder, referencing the MetaOpt assemblies these tests run with.</summary>
internal static class UserStudyProject
{
    /// <summary>Writes <c>MyStudies.csproj</c> and one study class into <paramref name="folder"/>; returns the project path.</summary>
    /// <param name="folder">The project folder, created if needed.</param>
    /// <param name="studyName">The study's Name.</param>
    /// <param name="extraCode">Appended to the class body (a syntax error, for the build-failure test).</param>
    public static string Write(string folder, string studyName, string extraCode = "")
    {
        Directory.CreateDirectory(folder);
        var project = Path.Combine(folder, "MyStudies.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="MetaOpt" HintPath="{Path.Combine(AppContext.BaseDirectory, "MetaOpt.dll")}" Private="false" />
                <Reference Include="MetaOpt.Studies" HintPath="{Path.Combine(AppContext.BaseDirectory, "MetaOpt.Studies.dll")}" Private="false" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "QuadStudy.cs"), $$"""
            using MetaOpt;
            using MetaOpt.Studies;

            namespace MyStudies;

            public sealed class QuadStudy : IStudyDefinition
            {
                public string Name => "{{studyName}}";
                public string Description => "A quadratic bowl around x = 2.";
                public SamplerKind DefaultSampler => SamplerKind.Random;
                public PrunerKind DefaultPruner => PrunerKind.None;
                public int DefaultTrialCount => 5;
                public int Epochs => 0;
                public DataRequirement Data => DataRequirement.None;
                public StudyInputs Inputs => StudyInputs.None;
                public IReadOnlyDictionary<string, Distribution> SearchSpace { get; } =
                    new Dictionary<string, Distribution> { ["x"] = new FloatDistribution(-5, 5) };

                public PreparedStudy Prepare(StudyRunContext context) => new(
                    trial => Math.Pow(trial.SuggestFloat("x", -5, 5) - 2, 2),
                    (_, _) => { });
                {{extraCode}}
            }
            """);
        return project;
    }
}
