#pragma once
// Renders a report page in headless Chromium (Debian's `chromium`) to a PNG, for the suites that
// prove a report displays: shared by tst_study_report and tst_soundstage_study.

#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSize>
#include <QString>

struct ChromiumScreenshot
{
    QString error; ///< Why there is no picture ("" when there is one).
    QImage image;
};

/// `page` rendered at `size` into `folder`/screenshot.png (its profile in `folder`/profile). An
/// error when Chromium does not finish in 120 s, fails, reports a page error ("Uncaught",
/// "net::ERR"; D-Bus and GPU chatter is the machine's) or writes no PNG.
inline ChromiumScreenshot screenshotInChromium(const QString& chromium, const QString& page,
                                               const QString& folder, QSize size)
{
    const QString png = QDir(folder).filePath("screenshot.png");
    QProcess process;
    process.start(chromium,
                  {"--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                   "--user-data-dir=" + QDir(folder).filePath("profile"), "--screenshot=" + png,
                   QString("--window-size=%1,%2").arg(size.width()).arg(size.height()),
                   "file://" + page});
    if (!process.waitForFinished(120000)) return {"chromium did not finish within 120 s", {}};
    const QString errors = QString::fromUtf8(process.readAllStandardError());
    if (process.exitCode() != 0) return {errors, {}};
    if (errors.contains("Uncaught") || errors.contains("net::ERR")) return {errors, {}};
    QImage image(png);
    if (image.isNull()) return {"no PNG written", {}};
    return {{}, image};
}
