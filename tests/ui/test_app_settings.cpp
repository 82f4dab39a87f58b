// Settings: defaults, a round trip through QSettings (the stored file, read back by a fresh
// instance), policy bounds on whatever is stored or set, and the dialog that edits them:
// bounded controls, an unusable workspace folder refused inline, nothing written on Cancel.
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "settings/app_settings.h"
#include "settings/settings_dialog.h"
#include "store/workspace.h"

using namespace facecase;
using namespace facecase::ui;

class TestAppSettings : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                           m_dir.filePath(QStringLiteral("config")));
    }

    void init() { QSettings(QStringLiteral("FaceCase"), QStringLiteral("FaceCase")).clear(); }

    void defaults() {
        AppSettings settings;
        QVERIFY2(settings.fileName().startsWith(m_dir.path()), qPrintable(settings.fileName()));
        QCOMPARE(settings.workspaceLocation(), Workspace::defaultLocation());
        QCOMPARE(settings.workerThreads(), std::clamp(QThread::idealThreadCount(), 1, 64));
        QCOMPARE(settings.candidateCount(), 20);
        QCOMPARE(settings.thresholdOneIn(), 10000);
        QVERIFY(settings.windowGeometry().isEmpty());
    }

    void roundTripThroughQSettings() {
        const QString folder = m_dir.filePath(QStringLiteral("cases-ws"));
        {
            AppSettings settings;
            settings.setWorkspaceLocation(folder + QStringLiteral("/"));
            settings.setWorkerThreads(3);
            settings.setCandidateCount(50);
            settings.setThresholdOneIn(100000);
            settings.setWindowGeometry(QByteArray("geometry-bytes"));
            settings.setWindowState(QByteArray("state-bytes"));
            QVERIFY(settings.sync());
            QVERIFY(QFile::exists(settings.fileName()));
        }
        // What is in the file, under FaceCase/FaceCase...
        QSettings raw(QStringLiteral("FaceCase"), QStringLiteral("FaceCase"));
        QCOMPARE(raw.value(QStringLiteral("workspace/location")).toString(), folder);
        QCOMPARE(raw.value(QStringLiteral("engine/workerThreads")).toInt(), 3);
        QCOMPARE(raw.value(QStringLiteral("search/candidateCount")).toInt(), 50);
        QCOMPARE(raw.value(QStringLiteral("search/thresholdOneIn")).toInt(), 100000);
        // ...and what a new instance (the next start) reads.
        AppSettings again;
        QCOMPARE(again.workspaceLocation(), folder);
        QCOMPARE(again.workerThreads(), 3);
        QCOMPARE(again.candidateCount(), 50);
        QCOMPARE(again.thresholdOneIn(), 100000);
        QCOMPARE(again.windowGeometry(), QByteArray("geometry-bytes"));
        QCOMPARE(again.windowState(), QByteArray("state-bytes"));

        // The default location is not pinned: resetting removes the key.
        again.setWorkspaceLocation(QString());
        again.sync();
        QVERIFY(!QSettings(QStringLiteral("FaceCase"), QStringLiteral("FaceCase"))
                     .contains(QStringLiteral("workspace/location")));
        QCOMPARE(again.workspaceLocation(), Workspace::defaultLocation());
    }

    // An agency database is remembered by its URL, as WorkspaceLocation writes it (not made a
    // path: cleanPath would turn "//" into "/"), and never with a password: a URL that holds one
    // is refused and the file keeps what it had.
    void agencyUrlIsStoredWithoutPassword() {
        const QString url = QStringLiteral("postgresql://alice@db.agency.local:5432/facecase");
        {
            AppSettings settings;
            QVERIFY(settings.lastAgencyUrl().isEmpty());
            QVERIFY(settings.setWorkspaceLocation(QStringLiteral("  postgres://alice@db.agency.local/facecase ")));
            QVERIFY(settings.setLastAgencyUrl(url));
            QCOMPARE(settings.workspaceLocation(), url);
            QCOMPARE(settings.lastAgencyUrl(), url);

            for (const QString& withPassword :
                 {QStringLiteral("postgresql://alice:hunter2@db.agency.local/facecase"),
                  QStringLiteral("postgresql://alice:hunter2@db.agency.local:5432/facecase?sslmode=require")}) {
                QVERIFY(!settings.setWorkspaceLocation(withPassword));
                QVERIFY(!settings.setLastAgencyUrl(withPassword));
            }
            QVERIFY(!settings.setLastAgencyUrl(m_dir.filePath(QStringLiteral("a-folder"))));
            QVERIFY(settings.sync());
            QFile file(settings.fileName());
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray text = file.readAll();
            QVERIFY2(text.contains(url.toUtf8()), text.constData());
            QVERIFY2(!text.contains("hunter2"), text.constData());
        }
        AppSettings again;
        QCOMPARE(again.workspaceLocation(), url);
        QCOMPARE(again.lastAgencyUrl(), url);
        // A folder again replaces the URL as the workspace; the agency URL stays for the dialog.
        const QString folder = m_dir.filePath(QStringLiteral("back-to-a-folder"));
        QVERIFY(again.setWorkspaceLocation(folder));
        QCOMPARE(again.workspaceLocation(), folder);
        QCOMPARE(again.lastAgencyUrl(), url);
    }

    void iniFileOfItsOwn() {
        const QString file = m_dir.filePath(QStringLiteral("portable.ini"));
        {
            AppSettings settings(file);
            settings.setCandidateCount(7);
            QVERIFY(settings.sync());
        }
        QCOMPARE(QSettings(file, QSettings::IniFormat)
                     .value(QStringLiteral("search/candidateCount"))
                     .toInt(),
                 7);
        QCOMPARE(AppSettings(file).candidateCount(), 7);
    }

    void boundsApplyToStoredAndSetValues_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QVariant>("stored");
        QTest::addColumn<int>("expected");
        QTest::newRow("list too short")
            << QStringLiteral("search/candidateCount") << QVariant(1) << 5;
        QTest::newRow("list too long")
            << QStringLiteral("search/candidateCount") << QVariant(5000) << 100;
        QTest::newRow("list not a number")
            << QStringLiteral("search/candidateCount") << QVariant(QStringLiteral("many")) << 20;
        QTest::newRow("threshold looser than policy")
            << QStringLiteral("search/thresholdOneIn") << QVariant(100) << 10000;
        QTest::newRow("threshold between steps")
            << QStringLiteral("search/thresholdOneIn") << QVariant(250000) << 100000;
        QTest::newRow("threshold beyond the data")
            << QStringLiteral("search/thresholdOneIn") << QVariant(100000000) << 1000000;
        QTest::newRow("no threads") << QStringLiteral("engine/workerThreads") << QVariant(0) << 1;
        QTest::newRow("too many threads")
            << QStringLiteral("engine/workerThreads") << QVariant(1000) << 64;
    }

    void boundsApplyToStoredAndSetValues() {
        QFETCH(QString, key);
        QFETCH(QVariant, stored);
        QFETCH(int, expected);
        {
            QSettings raw(QStringLiteral("FaceCase"), QStringLiteral("FaceCase"));
            raw.setValue(key, stored);
        }
        AppSettings settings;
        const auto read = [&] {
            if (key == QStringLiteral("search/candidateCount")) return settings.candidateCount();
            if (key == QStringLiteral("search/thresholdOneIn")) return settings.thresholdOneIn();
            return settings.workerThreads();
        };
        QCOMPARE(read(), expected);
        // Setters clamp the same way.
        if (stored.typeId() == QMetaType::Int) {
            const int value = stored.toInt();
            if (key == QStringLiteral("search/candidateCount"))
                settings.setCandidateCount(value);
            else if (key == QStringLiteral("search/thresholdOneIn"))
                settings.setThresholdOneIn(value);
            else
                settings.setWorkerThreads(value);
            QCOMPARE(read(), expected);
        }
    }

    void dialogEditsAndSaves() {
        AppSettings settings;
        SettingsDialog dialog(settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // Controls carry the policy bounds and explain themselves.
        QCOMPARE(dialog.candidatesBox()->minimum(), 5);
        QCOMPARE(dialog.candidatesBox()->maximum(), 100);
        QCOMPARE(dialog.candidatesBox()->value(), 20);
        QCOMPARE(dialog.threadsBox()->minimum(), 1);
        QCOMPARE(dialog.threadsBox()->maximum(), 64);
        QCOMPARE(dialog.thresholdBox()->count(), 3);
        QCOMPARE(dialog.thresholdBox()->currentData().toInt(), 10000);
        for (QWidget* control :
             std::initializer_list<QWidget*>{dialog.workspaceEdit(), dialog.threadsBox(),
                                             dialog.candidatesBox(), dialog.thresholdBox()}) {
            QVERIFY(!control->toolTip().isEmpty());
        }

        // Typing past the bound stops at it.
        dialog.candidatesBox()->selectAll();
        QTest::keyClicks(dialog.candidatesBox(), QStringLiteral("500"));
        QVERIFY(dialog.candidatesBox()->value() <= 100);
        dialog.candidatesBox()->setValue(35);
        dialog.threadsBox()->setValue(2);
        dialog.thresholdBox()->setCurrentIndex(dialog.thresholdBox()->findData(1000000));

        // A file is no workspace: refused inline, OK disabled.
        const QString file = m_dir.filePath(QStringLiteral("plain-file"));
        QFile touch(file);
        QVERIFY(touch.open(QIODevice::WriteOnly));
        touch.close();
        dialog.workspaceEdit()->clear();
        QVERIFY(!dialog.okButton()->isEnabled());
        QTest::keyClicks(dialog.workspaceEdit(), QDir::toNativeSeparators(file));
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.validationMessage().contains(QStringLiteral("is a file")),
                 qPrintable(dialog.validationMessage()));
        dialog.workspaceEdit()->clear();
        QTest::keyClicks(dialog.workspaceEdit(), QStringLiteral("relative/folder"));
        QVERIFY(!dialog.okButton()->isEnabled());
        // An agency database's URL is a workspace too; one with a password is refused in
        // core's words (the password belongs elsewhere).
        dialog.workspaceEdit()->clear();
        QTest::keyClicks(dialog.workspaceEdit(), QStringLiteral("postgresql://alice@db.agency.local/facecase"));
        QVERIFY(dialog.okButton()->isEnabled());
        dialog.workspaceEdit()->clear();
        QTest::keyClicks(dialog.workspaceEdit(), QStringLiteral("postgresql://alice:pw@db.agency.local/facecase"));
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY2(dialog.validationMessage().contains(QStringLiteral("a password does not belong")),
                 qPrintable(dialog.validationMessage()));
        const QString folder = m_dir.filePath(QStringLiteral("new-ws"));
        dialog.workspaceEdit()->clear();
        QTest::keyClicks(dialog.workspaceEdit(), QDir::toNativeSeparators(folder));
        QVERIFY(dialog.okButton()->isEnabled());
        QVERIFY(dialog.validationMessage().isEmpty());

        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        AppSettings stored;
        QCOMPARE(stored.candidateCount(), 35);
        QCOMPARE(stored.workerThreads(), 2);
        QCOMPARE(stored.thresholdOneIn(), 1000000);
        QCOMPARE(stored.workspaceLocation(), folder);
    }

    void dialogCancelWritesNothing() {
        AppSettings settings;
        settings.setCandidateCount(40);
        settings.sync();
        SettingsDialog dialog(settings);
        dialog.show();
        dialog.candidatesBox()->setValue(90);
        QTest::keyClick(&dialog, Qt::Key_Escape);
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(AppSettings().candidateCount(), 40);
    }

    void restoreDefaultsButton() {
        AppSettings settings;
        settings.setCandidateCount(60);
        settings.setWorkspaceLocation(m_dir.filePath(QStringLiteral("elsewhere")));
        SettingsDialog dialog(settings);
        QPushButton* restore = nullptr;
        for (QPushButton* button : dialog.findChildren<QPushButton*>()) {
            if (button->text().contains(QStringLiteral("Defaults"), Qt::CaseInsensitive))
                restore = button;
        }
        QVERIFY(restore);
        QVERIFY(!restore->toolTip().isEmpty());
        restore->click();
        QCOMPARE(dialog.candidatesBox()->value(), 20);
        QCOMPARE(QDir::fromNativeSeparators(dialog.workspaceEdit()->text()),
                 Workspace::defaultLocation());
        QCOMPARE(settings.candidateCount(), 60);  // not before OK
    }
};

QTEST_MAIN(TestAppSettings)
#include "test_app_settings.moc"
