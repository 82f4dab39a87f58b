// `facecase --help`, `--version` and a wrong option, with no display at all: no DISPLAY, no
// WAYLAND_DISPLAY, no QT_QPA_PLATFORM. The text comes out and the exit code says how it went;
// a QApplication started there would abort with Qt's platform-plugin error instead (issue 11).
#include <QProcess>
#include <QProcessEnvironment>
#include <QTest>

class TestGuiCommandLine : public QObject {
    Q_OBJECT

    struct Run {
        QProcess::ExitStatus status = QProcess::CrashExit;
        int exitCode = -1;
        QString out;
        QString err;
    };

    static Run runWithoutDisplay(const QStringList& arguments) {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            environment.remove(QString::fromLatin1(name));
        QProcess process;
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(FACECASE_GUI_PATH), arguments);
        Run run;
        if (!process.waitForFinished(30'000)) {
            process.kill();
            process.waitForFinished();
            return run;
        }
        run.status = process.exitStatus();
        run.exitCode = process.exitCode();
        run.out = QString::fromLocal8Bit(process.readAllStandardOutput());
        run.err = QString::fromLocal8Bit(process.readAllStandardError());
        return run;
    }

private slots:
    void answersWithoutDisplay_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QStringList>("stdoutHas");
        QTest::addColumn<QStringList>("stderrHas");
        const QStringList usage{QStringLiteral("Usage: "), QStringLiteral("--workspace <DIR>"),
                                QStringLiteral("--case <NUMBER>"), QStringLiteral("[PHOTO]"),
                                QStringLiteral("--landmarks")};
        const QStringList version{QStringLiteral("FaceCase %1").arg(QStringLiteral(FACECASE_VERSION))};
        QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << 0 << usage << QStringList();
        QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << 0 << usage << QStringList();
        QTest::newRow("--version") << QStringList{QStringLiteral("--version")} << 0 << version << QStringList();
        QTest::newRow("-v") << QStringList{QStringLiteral("-v")} << 0 << version << QStringList();
        // Qt's own options are not mistakes, and their values are not photos.
        QTest::newRow("-platform xcb --help")
            << QStringList{QStringLiteral("-platform"), QStringLiteral("xcb"), QStringLiteral("--help")}
            << 0 << usage << QStringList();
        QTest::newRow("--help with the other options")
            << QStringList{QStringLiteral("--workspace"), QStringLiteral("/nowhere"), QStringLiteral("--case"),
                           QStringLiteral("2026-CR-1"), QStringLiteral("photo.jpg"), QStringLiteral("--help")}
            << 0 << usage << QStringList();
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--bogus")} << 2 << QStringList()
            << QStringList{QStringLiteral("Unknown option 'bogus'"), QStringLiteral("facecase --help")};
        QTest::newRow("--case without its number")
            << QStringList{QStringLiteral("--case")} << 2 << QStringList()
            << QStringList{QStringLiteral("Missing value after '--case'")};
    }

    void answersWithoutDisplay() {
        QFETCH(QStringList, arguments);
        QFETCH(int, exitCode);
        QFETCH(QStringList, stdoutHas);
        QFETCH(QStringList, stderrHas);
        const Run run = runWithoutDisplay(arguments);
        QVERIFY2(run.status == QProcess::NormalExit, qPrintable(QStringLiteral("crashed or hung; stderr: ") + run.err));
        QVERIFY2(run.exitCode == exitCode,
                 qPrintable(QStringLiteral("exit code %1; stderr: %2").arg(run.exitCode).arg(run.err)));
        for (const QString& text : stdoutHas) QVERIFY2(run.out.contains(text), qPrintable(run.out));
        for (const QString& text : stderrHas) QVERIFY2(run.err.contains(text), qPrintable(run.err));
        if (stdoutHas.isEmpty()) QVERIFY2(run.out.isEmpty(), qPrintable(run.out));
        QVERIFY2(!run.err.contains(QStringLiteral("platform plugin")), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "test_gui_command_line.moc"
