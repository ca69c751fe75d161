// stagelab-screenshot-tour OUT_FOLDER [WIDTHxHEIGHT]: runs the demo experiment through the real
// window as a plausible listener would (answers near the targets, some front-back confusions)
// and saves the README's screenshots of the Start, Calibration, Trial (localization and width),
// Done and Results pages; then a short depth study for the floor-plan pad with the
// externalization scale, and the scale alone; then the head tracker's panel and a head-pointing
// trial. Run by scripts/screenshots.sh under Xvfb.

#include "gui_driver.h"

#include "gui/application.h"
#include "tracking/head_trace.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>

namespace {
QString outFolder;

bool shoot(GuiDriver& gui, const QString& name)
{
    QTest::qWait(400); // let canvases repaint
    const QString path = QDir(outFolder).filePath(name + QStringLiteral(".png"));
    const bool ok = gui.window()->grabWindow().save(path);
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
    return ok;
}

nlohmann::json plannedTrials(const QString& sessionFile)
{
    std::ifstream file(sessionFile.toStdString());
    std::string header;
    std::getline(file, header);
    return nlohmann::json::parse(header)["plan"]["trials"];
}

bool fail(const char* what)
{
    std::fprintf(stderr, "screenshot tour failed: %s\n", what);
    return false;
}

bool tour(GuiDriver& gui)
{
    std::mt19937 random(7);
    std::normal_distribution<double> spread(0.0, 9.0);
    std::bernoulli_distribution confusion(0.12);

    gui.click(QStringLiteral("participantField"));
    gui.typeText(QStringLiteral("p01"));
    if (!shoot(gui, QStringLiteral("start")) || !gui.click(QStringLiteral("startButton")))
        return fail("start");
    if (!gui.waitForPage(SessionController::Page::Calibration))
        return fail(qPrintable(gui.session().errorMessage()));
    gui.click(QStringLiteral("referenceButton"));
    gui.passChannelCheck();
    shoot(gui, QStringLiteral("calibration"));
    gui.click(QStringLiteral("finishCalibrationButton"));

    const nlohmann::json trials = plannedTrials(gui.session().sessionFile());
    bool shotLocalization = false, shotWidth = false;
    for (int step = 0; step < 400 && gui.session().page() != SessionController::Page::Done;
         ++step) {
        const SessionController::Page page = gui.session().page();
        if (page == SessionController::Page::Instructions) {
            gui.click(QStringLiteral("beginBlockButton"));
        } else if (page == SessionController::Page::Break) {
            gui.click(QStringLiteral("endBreakButton"));
        } else if (page == SessionController::Page::DeviceSwitch) {
            gui.click(QStringLiteral("confirmDeviceButton"));
        } else if (page == SessionController::Page::Trial) {
            const nlohmann::json& trial = trials[size_t(gui.session().trialNumber() - 1)];
            const double target = trial["azimuthDeg"].get<double>();
            const int number = gui.session().trialNumber();
            gui.click(QStringLiteral("playButton"));
            if (trial["kind"] == "width") {
                const double width =
                    std::max(4.0, 0.8 * trial["widthDeg"].get<double>() + 12.0 + spread(random));
                const double centre = target + 0.5 * spread(random);
                gui.answerWidth(centre + width / 2, centre - width / 2);
                if (!shotWidth && !trial["training"].get<bool>())
                    shotWidth = shoot(gui, QStringLiteral("trial-width"));
            } else {
                double answer = target + spread(random);
                if (confusion(random) && std::abs(std::abs(target) - 90.0) > 20.0)
                    answer = 180.0 - answer; // a front-back confusion, as listeners make them
                gui.answerLocalization(answer);
                if (!shotLocalization && !trial["training"].get<bool>())
                    shotLocalization = shoot(gui, QStringLiteral("trial-localization"));
            }
            gui.click(QStringLiteral("confirmButton"));
            if (!gui.session().feedbackTarget().isEmpty()) {
                if (number == 1) shoot(gui, QStringLiteral("training-feedback"));
                gui.click(QStringLiteral("confirmButton"));
            }
        }
        QTest::qWait(10);
    }
    if (gui.session().page() != SessionController::Page::Done)
        return fail("the session did not reach the Done page");
    shoot(gui, QStringLiteral("done"));
    // The browser on a study worth comparing: four simulated listeners of the two-device study.
    const QString study = gui.bridge().setup()->resultsFolder() + QStringLiteral("/device-study");
    for (int participant = 1; participant <= 4; ++participant)
        if (QProcess::execute(
                QStringLiteral(STAGELAB_CLI),
                {QStringLiteral("run"),
                 QStringLiteral(STAGELAB_SOURCE_DIR "/stimuli/experiments/device-study.json"),
                 QStringLiteral("--participant"),
                 QStringLiteral("p%1").arg(participant, 2, 10, QLatin1Char('0')),
                 QStringLiteral("--simulate"), QStringLiteral("noise"),
                 QStringLiteral("--listener-seed"), QString::number(participant),
                 QStringLiteral("--results"), study}) != 0)
            return fail("simulating the device study");
    gui.click(QStringLiteral("doneResultsButton"));
    ResultsBrowser& browser = *gui.bridge().results();
    const auto idle = [&browser] {
        return QTest::qWaitFor([&browser] { return !browser.busy(); });
    };
    if (!idle() || !browser.open(study)) return fail("opening the study in the results browser");
    browser.setConditionFactor(QStringLiteral("device"));
    if (!idle()) return fail("analysing the study by device");
    return shoot(gui, QStringLiteral("results"));
}
/// The depth study (tests/gui/data/depth-study.json): a distance answer with its rating, and a
/// rating alone, each shot before it is confirmed.
bool depthTour(const QString& size)
{
    QTemporaryDir results;
    GuiDriver gui(QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/depth-study.json"),
                  results.path());
    if (!gui.loaded()) return fail("loading the window for the depth study");
    if (!size.isEmpty()) {
        const QStringList parts = size.split('x');
        gui.window()->resize(parts.value(0).toInt(), parts.value(1).toInt());
        QTest::qWait(200);
    }
    gui.click(QStringLiteral("participantField"));
    gui.typeText(QStringLiteral("p01"));
    if (!gui.click(QStringLiteral("startButton"))) return fail("depth: the Start button");
    if (!gui.waitForPage(SessionController::Page::Calibration)) {
        std::fprintf(stderr, "page %d, error '%s'\n", int(gui.session().page()),
                     qPrintable(gui.session().errorMessage()));
        return fail("depth: no calibration page");
    }
    if (!gui.calibrate(0.0)) return fail("depth: calibration");
    for (int trial = 1; gui.session().page() != SessionController::Page::Done && trial < 10;) {
        if (gui.session().page() == SessionController::Page::Instructions) {
            gui.click(QStringLiteral("beginBlockButton"));
            QTest::qWait(50);
            continue;
        }
        if (gui.session().page() != SessionController::Page::Trial) return fail("depth: a page");
        gui.click(QStringLiteral("playButton"));
        if (!QTest::qWaitFor([&] { return gui.session().canAnswer(); }, 5000))
            return fail("depth: the sound never ended");
        if (gui.session().responseMode() == SessionController::ResponseMode::AzimuthDistance) {
            QQuickItem* pad = gui.item(QStringLiteral("floorPlanPad"));
            const double ring = std::min(pad->width(), pad->height()) / 2 - 64;
            // 40 deg left at 2.5 m: 0.2 + 0.8 log2(2.5 / 0.25) / 6 of the ring.
            gui.clickAt(pad,
                        GuiDriver::padPoint(pad, 40.0, ring * (0.2 + 0.8 * std::log2(10.0) / 6.0)));
            gui.click(QStringLiteral("rating3"));
            if (trial == 1) shoot(gui, QStringLiteral("trial-distance"));
        } else if (gui.session().responseMode() == SessionController::ResponseMode::StageMap) {
            // Two instruments placed by keys (30 deg left at 2 m; 30 deg right, nearer), the
            // third still in the tray: the page as a listener sees it mid-answer.
            if (QQuickItem* stage = gui.item(QStringLiteral("stageMapPad")))
                stage->forceActiveFocus();
            for (const Qt::Key key :
                 {Qt::Key_1, Qt::Key_Plus, Qt::Key_Left, Qt::Key_Left, Qt::Key_Left, Qt::Key_Left,
                  Qt::Key_Left, Qt::Key_Left, Qt::Key_2, Qt::Key_Minus, Qt::Key_Right,
                  Qt::Key_Right, Qt::Key_Right, Qt::Key_Right, Qt::Key_Right, Qt::Key_Right})
                gui.key(key);
            // A sound still playing after 5 s only makes the picture show it playing.
            (void)QTest::qWaitFor([&] { return !gui.session().playing(); }, 5000);
            if (trial == 5) shoot(gui, QStringLiteral("trial-stage-map"));
            for (const Qt::Key key : {Qt::Key_3, Qt::Key_Plus, Qt::Key_Plus, Qt::Key_Plus})
                gui.key(key);
        } else {
            gui.click(QStringLiteral("rating2"));
            if (trial == 3) shoot(gui, QStringLiteral("trial-externalization"));
        }
        gui.click(QStringLiteral("confirmButton"));
        if (gui.session().showingFeedback()) gui.click(QStringLiteral("confirmButton"));
        QTest::qWait(50);
        ++trial;
    }
    return gui.session().page() == SessionController::Page::Done ||
           fail("the depth study did not reach the Done page");
}

/// The head tracker: the Start page's panel receiving a head turned 25 deg left, then a
/// head-pointing trial after its sound, the nose turned to the source. The head is sent by an
/// OSC sender in this process, as a tracker would send it.
bool headTrackingTour(const QString& size)
{
    QTemporaryDir results;
    GuiDriver gui(QStringLiteral(STAGELAB_SOURCE_DIR "/tests/gui/data/head-tracking.json"),
                  results.path());
    if (!gui.loaded()) return fail("loading the window for head tracking");
    if (!size.isEmpty()) {
        const QStringList parts = size.split('x');
        gui.window()->resize(parts.value(0).toInt(), parts.value(1).toInt());
        QTest::qWait(200);
    }
    if (!gui.bridge().tracker()->listen(0)) return fail("head tracking: listening");
    stagelab::OscHeadSender sender("127.0.0.1", std::to_string(gui.bridge().tracker()->port()),
                                   stagelab::OscHeadFormat::Ypr);
    stagelab::HeadOrientation head{25.0, 4.0, -2.0};
    QTimer tracker;
    tracker.setInterval(10);
    QObject::connect(&tracker, &QTimer::timeout, [&] { sender.send(head); });
    tracker.start();
    gui.click(QStringLiteral("participantField"));
    gui.typeText(QStringLiteral("p01"));
    QTest::qWait(1200); // a second of packets for the panel's rate
    shoot(gui, QStringLiteral("start-head-tracker"));
    if (!gui.click(QStringLiteral("startButton"))) return fail("head tracking: Start");
    if (!gui.waitForPage(SessionController::Page::Calibration) || !gui.reachTrial())
        return fail("head tracking: the first trial");
    head = {};
    if (!QTest::qWaitFor([&] { return gui.session().canPlay(); }, 3000))
        return fail("head tracking: facing front");
    gui.click(QStringLiteral("playButton"));
    if (!QTest::qWaitFor([&] { return gui.session().canAnswer(); }, 5000))
        return fail("head tracking: the sound never ended");
    head = {28.0, 6.0, 1.0};
    QTest::qWait(300);
    return shoot(gui, QStringLiteral("trial-head-pointing"));
}
} // namespace

int main(int argc, char* argv[])
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setOrganizationName(
        QStringLiteral("Stagelab-screenshots")); // keeps users' settings apart
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s OUT_FOLDER [WIDTHxHEIGHT]\n", argv[0]);
        return 2;
    }
    outFolder = QString::fromLocal8Bit(argv[1]);
    QDir().mkpath(outFolder);
    QTemporaryDir results;
    GuiDriver gui(stagelab::gui::defaultExperimentPath(), results.path());
    if (!gui.loaded()) return 1;
    if (argc > 2) {
        const QStringList size = QString::fromLocal8Bit(argv[2]).split('x');
        gui.window()->resize(size.value(0).toInt(), size.value(1).toInt());
        QTest::qWait(200);
    }
    if (!tour(gui)) return 1;
    gui.session().closeSession(); // one audio output at a time
    QTest::qWait(200);
    const QString size = argc > 2 ? QString::fromLocal8Bit(argv[2]) : QString();
    return depthTour(size) && headTrackingTour(size) ? 0 : 1;
}
