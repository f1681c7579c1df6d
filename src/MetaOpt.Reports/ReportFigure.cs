using ScottPlot;

namespace MetaOpt;

/// <summary>One plot of a report: the image file it is saved to, its heading and caption on the page.</summary>
/// <param name="FileName">The PNG file name inside the report folder.</param>
/// <param name="Title">The heading above the image.</param>
/// <param name="Caption">One or two sentences under the image saying how to read it.</param>
/// <param name="Plot">The plot; style it before the report is written.</param>
public sealed record ReportFigure(string FileName, string Title, string Caption, Plot Plot);
