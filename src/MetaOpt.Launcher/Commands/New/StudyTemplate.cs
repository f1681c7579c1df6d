using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.New;

/// <summary>
/// The files of a new study project. It references the MetaOpt assemblies of the launcher that made it (by path,
/// not copied), so it builds offline and always matches the launcher that loads it.
/// </summary>
internal static class StudyTemplate
{
    /// <summary>
    /// The project file, referencing MetaOpt.dll and MetaOpt.Studies.dll in <paramref name="metaoptDirectory"/>, with
    /// the recommender studies' package reference (of this launcher's version) commented out.
    /// </summary>
    public static string Project(string metaoptDirectory) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <!-- A plugin of the launcher: the packages it references are copied beside it, with a deps.json. -->
            <EnableDynamicLoading>true</EnableDynamicLoading>
            <!-- The launcher these studies were made with; its own copies are used at run time. -->
            <MetaOptDirectory Condition="'$(MetaOptDirectory)' == ''">{metaoptDirectory}</MetaOptDirectory>
          </PropertyGroup>
          <ItemGroup>
            <Reference Include="MetaOpt" HintPath="$(MetaOptDirectory)/MetaOpt.dll" Private="false" />
            <Reference Include="MetaOpt.Studies" HintPath="$(MetaOptDirectory)/MetaOpt.Studies.dll" Private="false" />
            <!-- A study deriving from MetaOpt.Studies.Recommender.RecommenderStudy (TorchSharp, LibTorch) needs this
                 package; its copies of TorchSharp and LibTorch land in bin/metaopt/ (see docs/user-studies.md):
            <PackageReference Include="MetaOpt.Studies.Recommender" Version="{BuildInfo.Version}" />
            -->
          </ItemGroup>
        </Project>
        """;

    /// <summary>One example study: three parameters, epochs reported for the pruner.</summary>
    public static string Study(string ns, string className, string studyName) => $$"""
        using MetaOpt;
        using MetaOpt.Studies;

        namespace {{ns}};

        /// <summary>An example: replace the objective with your training, and the search space with its hyperparameters.</summary>
        public sealed class {{className}} : IStudyDefinition
        {
            public string Name => "{{studyName}}";
            public string Description => "Example study: a noisy learning curve whose final loss depends on lr, layers and optimizer.";
            public SamplerKind DefaultSampler => SamplerKind.Auto;
            public PrunerKind DefaultPruner => PrunerKind.Median;
            public int DefaultTrialCount => 30;
            public int Epochs => 10;
            public DataRequirement Data => DataRequirement.None;
            public StudyInputs Inputs => StudyInputs.Epochs;

            public IReadOnlyDictionary<string, Distribution> SearchSpace { get; } = new Dictionary<string, Distribution>
            {
                ["lr"] = new FloatDistribution(1e-4, 1e-1, log: true),
                ["layers"] = new IntDistribution(1, 6),
                ["optimizer"] = new CategoricalDistribution(["adam", "sgd"]),
            };

            public PreparedStudy Prepare(StudyRunContext context) => new(
                trial =>
                {
                    var lr = trial.SuggestFloat("lr", 1e-4, 1e-1, log: true);
                    var layers = trial.SuggestInt("layers", 1, 6);
                    var optimizer = trial.SuggestCategorical("optimizer", new[] { "adam", "sgd" });
                    var floor = Math.Pow(Math.Log10(lr) + 2.5, 2) + 0.05 * Math.Abs(layers - 3) + (optimizer == "adam" ? 0 : 0.1);
                    var loss = 0.0;
                    for (var epoch = 0; epoch < context.Epochs; epoch++)
                    {
                        loss = floor + 1.0 / (epoch + 1);
                        trial.Report(loss, epoch);
                        if (trial.ShouldPrune())
                            throw new TrialPrunedException();
                    }
                    return loss;
                },
                (study, cancellation) => { });
        }
        """;
}
