// The engine's layers as docs/architecture.md tables them: every #include of every engine file
// and every layer's link line use only the layers its row allows, the table has no cycle, and
// the engine stays Qt-free.

#include "common/test_main.h"

#include <QDirIterator>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

namespace {

struct Layer
{
    int rank = 0; ///< Position in the table, lowest first.
    QSet<QString> mayUse;
};

QString readText(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) return {};
    return QString::fromUtf8(file.readAll());
}

/// The rows "| `layer` | `a`, `b` | ... |" of docs/architecture.md.
QMap<QString, Layer> layerTable()
{
    QMap<QString, Layer> layers;
    const QRegularExpression row(R"(^\|\s*`([a-z]+)`\s*\|([^|]*)\|)",
                                 QRegularExpression::MultilineOption);
    const QRegularExpression name("`([a-z]+)`");
    auto rows = row.globalMatch(readText(STAGELAB_SOURCE_DIR "/docs/architecture.md"));
    while (rows.hasNext()) {
        const QRegularExpressionMatch match = rows.next();
        Layer layer;
        layer.rank = int(layers.size());
        auto uses = name.globalMatch(match.captured(2));
        while (uses.hasNext())
            layer.mayUse.insert(uses.next().captured(1));
        layers.insert(match.captured(1), layer);
    }
    return layers;
}

/// "layer/..." of every quoted #include in `text`, with its line number.
QList<QPair<int, QString>> includedLayers(const QString& text)
{
    // Built from pieces: moc's preprocessor trips over a directive spelled out in a string.
    const QRegularExpression include(QString("^\\s*") + '#' + "\\s*include\\s*\"([^\"/]+)/",
                                     QRegularExpression::MultilineOption);
    QList<QPair<int, QString>> found;
    auto matches = include.globalMatch(text);
    while (matches.hasNext()) {
        const QRegularExpressionMatch match = matches.next();
        found.append({int(text.left(match.capturedStart()).count('\n')) + 1, match.captured(1)});
    }
    return found;
}

QStringList engineFiles()
{
    QStringList files;
    QDirIterator it(STAGELAB_SOURCE_DIR "/engine", {"*.h", "*.hpp", "*.cpp"}, QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

QString layerOf(const QString& path)
{
    const QString relative = path.mid(QString(STAGELAB_SOURCE_DIR "/engine/").size());
    return relative.section('/', 0, 0);
}

} // namespace

class TestLayering : public QObject
{
    Q_OBJECT
private slots:
    void tableIsReadAndHasNoCycle()
    {
        const QMap<QString, Layer> layers = layerTable();
        QVERIFY2(layers.size() >= 10, "the layer table of docs/architecture.md was not found");
        for (auto layer = layers.cbegin(); layer != layers.cend(); ++layer)
            for (const QString& used : layer->mayUse) {
                QVERIFY2(layers.contains(used),
                         qPrintable(layer.key() + " may use '" + used + "', which is no layer"));
                // Only layers higher in the table: a strict order has no cycle.
                QVERIFY2(layers[used].rank < layer->rank,
                         qPrintable(layer.key() + " may use " + used + ", listed after it"));
            }
    }

    void everyEngineFolderIsALayer()
    {
        const QMap<QString, Layer> layers = layerTable();
        QSet<QString> folders;
        for (const QString& file : engineFiles())
            folders.insert(layerOf(file));
        QVERIFY(folders.size() >= 10);
        for (const QString& folder : folders)
            QVERIFY2(layers.contains(folder),
                     qPrintable("engine/" + folder + "/ is not in the layer table"));
    }

    void includesFollowTheTable()
    {
        const QMap<QString, Layer> layers = layerTable();
        QStringList offences;
        int checked = 0;
        for (const QString& file : engineFiles()) {
            const QString layer = layerOf(file);
            for (const auto& [line, used] : includedLayers(readText(file))) {
                ++checked;
                if (used != layer && !layers.value(layer).mayUse.contains(used))
                    offences << QString("%1:%2 (%3) includes %4/")
                                    .arg(file.mid(QString(STAGELAB_SOURCE_DIR).size() + 1))
                                    .arg(line)
                                    .arg(layer, used);
            }
        }
        QVERIFY2(checked > 200, "the engine's includes were not found");
        QVERIFY2(offences.isEmpty(),
                 qPrintable("includes the table forbids:\n" + offences.join("\n")));
    }

    void linkLinesFollowTheTable()
    {
        const QMap<QString, Layer> layers = layerTable();
        const QString links = readText(STAGELAB_BINARY_DIR "/engine-layer-links.txt");
        QVERIFY2(!links.isEmpty(), "engine-layer-links.txt is generated by engine/CMakeLists.txt");
        QSet<QString> seen;
        for (const QString& line : links.split('\n', Qt::SkipEmptyParts)) {
            const QString layer = line.section(':', 0, 0).trimmed();
            QVERIFY2(layers.contains(layer), qPrintable("a library for no layer: " + line));
            seen.insert(layer);
            QSet<QString> linked;
            const QRegularExpression stagelab("\\bstagelab_([a-z]+)\\b");
            auto matches = stagelab.globalMatch(line.section(':', 1));
            while (matches.hasNext()) {
                const QString name = matches.next().captured(1);
                if (name != "options") linked.insert(name);
            }
            QCOMPARE(linked, layers[layer].mayUse);
            QVERIFY2(!line.section(':', 1).contains("Qt", Qt::CaseInsensitive),
                     qPrintable("the engine links Qt: " + line));
        }
        QCOMPARE(seen.size(), layers.size());
    }

    void engineIncludesNoQtHeader()
    {
        const QString directive = QString("^\\s*") + '#' + "\\s*include\\s*[<\"](Q[A-Za-z]|Qt)";
        const QRegularExpression qtInclude(directive, QRegularExpression::MultilineOption);
        QStringList offenders;
        const QStringList files = engineFiles();
        for (const QString& file : files)
            if (qtInclude.match(readText(file)).hasMatch()) offenders << file;
        QVERIFY2(files.size() > 20, "the engine sources were not found");
        QVERIFY2(offenders.isEmpty(),
                 qPrintable("Qt headers included by: " + offenders.join(", ")));
    }
};

STAGELAB_TEST_MAIN(TestLayering)
#include "tst_layering.moc"
