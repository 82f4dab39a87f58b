// File ▸ Connect to Agency Database… (issue 12): the dialog builds the postgresql:// URL from its
// fields the way --workspace reads it and refuses what core refuses; against a real PostgreSQL
// cluster of the test's own (SCRAM logins) a wrong password shows the server's words in the
// dialog, which stays to be corrected, and the right one opens the workspace with the login as
// the actor the window shows. The settings file then holds the URL, never the password. A
// remembered agency workspace whose server asks for the password opens the same dialog, asking
// only for it.
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

#include "cases/case_list_model.h"
#include "cases/case_list_view.h"
#include "jobs/database_worker.h"
#include "jobs/workspace_session.h"
#include "mainwindow/main_window.h"
#include "settings/app_settings.h"
#include "support/private_postgres.h"
#include "widgets/message_banner.h"
#include "workspace/agency_connect_dialog.h"

using namespace facecase;
using namespace facecase::ui;
using namespace facecase::test;

namespace {
const auto kLogin = QStringLiteral("dana");
const auto kPassword = QStringLiteral("dana's s3cret horse");
const auto kDatabase = QStringLiteral("agency");
// Long enough for the first open, which creates the schema and the agency roles.
constexpr int kOpenTimeoutMs = 60'000;

// libpq's own settings; any of them in the test's environment would change what is tested.
constexpr const char* kLibpqVariables[] = {"PGPASSWORD",    "PGPASSFILE", "PGUSER",     "PGHOST",
                                           "PGHOSTADDR",    "PGPORT",     "PGDATABASE", "PGSERVICE",
                                           "PGSERVICEFILE", "PGSSLMODE",  "PGOPTIONS"};

// FACECASE_TEST_SCREENSHOTS=DIR keeps PNGs of the dialog and the window for a person to look
// at (run under Xvfb with -platform xcb for the real style); nothing otherwise.
void saveScreenshot(QWidget* widget, const QString& name) {
    const QString folder = qEnvironmentVariable("FACECASE_TEST_SCREENSHOTS");
    if (folder.isEmpty()) return;
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);  // as the next paint would
    QVERIFY(widget->grab().save(QDir(folder).filePath(name + QStringLiteral(".png"))));
}

void fill(AgencyConnectDialog* dialog, const QString& server, const QString& database,
          const QString& login) {
    for (auto [edit, text] : {std::pair{dialog->serverEdit(), server},
                              std::pair{dialog->databaseEdit(), database},
                              std::pair{dialog->loginEdit(), login}}) {
        edit->clear();
        QTest::keyClicks(edit, text);
    }
}
}  // namespace

class TestAgencyConnect : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void fieldsBuildTheUrlAndRefuseWhatCoreRefuses();
    void wrongPasswordShowsTheServersWordsAndKeepsTheDialog();
    void settingsHoldTheUrlNeverThePassword();
    void rememberedAgencyWorkspaceAsksOnlyForThePassword();

private:
    QString url() const {
        return QStringLiteral("postgresql://%1@%2:%3/%4")
            .arg(kLogin, PrivatePostgres::host())
            .arg(m_cluster->port())
            .arg(kDatabase);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<PrivatePostgres> m_cluster;
};

void TestAgencyConnect::initTestCase() {
    QVERIFY(m_dir.isValid());
    // Never the analyst's own settings, caches or password file.
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope,
                       m_dir.filePath(QStringLiteral("settings")));
    for (const char* variable : kLibpqVariables) qunsetenv(variable);
    qputenv("PGPASSFILE", QFile::encodeName(m_dir.filePath(QStringLiteral("no-pgpass"))));

    auto cluster = PrivatePostgres::start();
    QVERIFY2(cluster.ok(), qPrintable(cluster.errorMessage()));
    m_cluster = std::move(cluster).value();
    auto created = m_cluster->createLoginRole(kLogin, kPassword);
    QVERIFY2(created.ok(), qPrintable(created.errorMessage()));
    // dana owns the database and may create roles, so her first open creates FaceCase's schema
    // and its agency roles in it.
    auto database = m_cluster->superuserQuery(
        QStringLiteral("ALTER ROLE %1 CREATEROLE; CREATE DATABASE %2 OWNER %1").arg(kLogin, kDatabase),
        QStringLiteral("postgres"));
    QVERIFY2(database.ok(), qPrintable(database.errorMessage()));
}

void TestAgencyConnect::cleanupTestCase() {
    m_cluster.reset();
    for (const char* variable : kLibpqVariables) qunsetenv(variable);
}

void TestAgencyConnect::fieldsBuildTheUrlAndRefuseWhatCoreRefuses() {
    WorkspaceSession session;
    AgencyConnectDialog dialog(&session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));

    QCOMPARE(dialog.portBox()->value(), 5432);
    QCOMPARE(dialog.passwordEdit()->echoMode(), QLineEdit::Password);
    QVERIFY(!dialog.connectButton()->isEnabled());
    QCOMPARE(dialog.messageText(), QStringLiteral("Name the database server."));
    QVERIFY(dialog.url().isEmpty());

    fill(&dialog, QStringLiteral("db.agency.local"), QStringLiteral("facecase"), QString());
    QCOMPARE(dialog.messageText(), QStringLiteral("Give your database login."));
    QVERIFY(!dialog.connectButton()->isEnabled());

    fill(&dialog, QStringLiteral(" db.agency.local "), QStringLiteral("facecase"), QStringLiteral("alice"));
    QVERIFY(dialog.connectButton()->isEnabled());
    QCOMPARE(dialog.url(), QStringLiteral("postgresql://alice@db.agency.local:5432/facecase"));
    QVERIFY(dialog.messageText().isEmpty());
    QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("urlLabel"))->text(), dialog.url());

    dialog.portBox()->setValue(5433);
    QCOMPARE(dialog.url(), QStringLiteral("postgresql://alice@db.agency.local:5433/facecase"));

    // A login with '@' and a database with a space are percent-encoded, as --workspace reads them.
    fill(&dialog, QStringLiteral("::1"), QStringLiteral("face case"), QStringLiteral("j.doe@agency"));
    QCOMPARE(dialog.url(), QStringLiteral("postgresql://j.doe%40agency@[::1]:5433/face%20case"));
    QVERIFY(dialog.connectButton()->isEnabled());

    // What core refuses is refused inline in core's words, and Connect stays disabled.
    fill(&dialog, QStringLiteral("my server"), QStringLiteral("facecase"), QStringLiteral("alice"));
    QVERIFY(!dialog.connectButton()->isEnabled());
    QCOMPARE(dialog.messageText(), QStringLiteral("\"my server\" is not a host name or IP address"));
    fill(&dialog, QStringLiteral("db.agency.local:5433"), QStringLiteral("facecase"), QStringLiteral("alice"));
    QVERIFY(!dialog.connectButton()->isEnabled());
    QCOMPARE(dialog.messageText(),
             QStringLiteral("\"db.agency.local:5433\" is not a host name or IP address"));
    saveScreenshot(&dialog, QStringLiteral("connect-dialog-invalid"));
    fill(&dialog, QStringLiteral("db.agency.local"), QStringLiteral("cases/2024"), QStringLiteral("alice"));
    QVERIFY(!dialog.connectButton()->isEnabled());
    QVERIFY2(dialog.messageText().contains(
                 QStringLiteral("\"cases/2024\" is not a database name (it contains '/')")),
             qPrintable(dialog.messageText()));
    fill(&dialog, QStringLiteral("db_1.agency.local"), QStringLiteral("facecase"), QStringLiteral("alice"));
    QVERIFY(dialog.connectButton()->isEnabled());

    // Prefilled from a URL: the address fields, never a password.
    auto address = PostgresAddress::fromUrl(QStringLiteral("postgresql://bob@10.0.0.7:6543/gallery"));
    QVERIFY(address.ok());
    dialog.passwordEdit()->setText(QStringLiteral("typed"));
    dialog.setAddress(*address);
    QCOMPARE(dialog.serverEdit()->text(), QStringLiteral("10.0.0.7"));
    QCOMPARE(dialog.portBox()->value(), 6543);
    QCOMPARE(dialog.databaseEdit()->text(), QStringLiteral("gallery"));
    QCOMPARE(dialog.loginEdit()->text(), QStringLiteral("bob"));
    QVERIFY(dialog.passwordEdit()->text().isEmpty());
}

void TestAgencyConnect::wrongPasswordShowsTheServersWordsAndKeepsTheDialog() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    WorkspaceSession* session = window.workspaceSession();

    window.connectAgencyAction()->trigger();
    AgencyConnectDialog* dialog = window.connectDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    fill(dialog, PrivatePostgres::host(), kDatabase, kLogin);
    dialog->portBox()->setValue(m_cluster->port());
    QCOMPARE(dialog->url(), url());
    saveScreenshot(dialog, QStringLiteral("connect-dialog"));

    QSignalSpy failed(session, &WorkspaceSession::failed);
    QTest::keyClicks(dialog->passwordEdit(), QStringLiteral("not dana's"));
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    saveScreenshot(dialog, QStringLiteral("connect-dialog-connecting"));
    // Connecting runs off the GUI thread: the dialog shows it is busy, the password is gone
    // from the field.
    QVERIFY(dialog->isConnecting());
    QVERIFY(dialog->findChild<QProgressBar*>(QStringLiteral("connectBusy"))->isVisible());
    QVERIFY(!dialog->connectButton()->isEnabled());
    QVERIFY(dialog->cancelButton()->isEnabled());
    QVERIFY(dialog->passwordEdit()->text().isEmpty());
    QVERIFY(failed.wait(kOpenTimeoutMs));

    QVERIFY(window.connectDialog());
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isConnecting());
    QVERIFY(!dialog->findChild<QProgressBar*>(QStringLiteral("connectBusy"))->isVisible());
    const QString message = dialog->messageText();
    QVERIFY2(message.contains(QStringLiteral("password authentication failed for user \"dana\"")),
             qPrintable(message));
    QVERIFY2(!message.contains(QLatin1Char('\n')), qPrintable(message));
    QVERIFY2(!message.contains(QStringLiteral("not dana's")), qPrintable(message));
    // The analyst corrects in the dialog: no banner behind it, the fields kept, Connect enabled.
    QVERIFY(!window.caseListView()->messageBanner()->isVisible());
    QCOMPARE(dialog->url(), url());
    QVERIFY(dialog->connectButton()->isEnabled());
    QVERIFY(dialog->passwordEdit()->hasFocus());
    saveScreenshot(dialog, QStringLiteral("connect-dialog-wrong-password"));

    QSignalSpy opened(session, &WorkspaceSession::opened);
    QTest::keyClicks(dialog->passwordEdit(), kPassword);
    QTest::keyClick(dialog->passwordEdit(), Qt::Key_Return);  // Connect is the default button
    QVERIFY(opened.wait(kOpenTimeoutMs));
    QCOMPARE(opened.first().first().toString(), url());
    QVERIFY(session->isOpen());
    QVERIFY(!dialog->isVisible());

    // The window names the database (no password) and who acts: the login, from the server.
    QCOMPARE(window.actorText(), QStringLiteral("Acting as dana"));
    QVERIFY(window.findChild<QLabel*>(QStringLiteral("actorLabel"))->isVisible());
    QCOMPARE(window.windowTitle(), QStringLiteral("FaceCase \u2014 ") + url());
    QCOMPARE(session->worker()->workspace().actor().name(), kLogin);
    QVERIFY(!window.windowTitle().contains(kPassword));
    QVERIFY(window.newCaseAction()->isEnabled());
    QTRY_VERIFY(!window.caseListView()->model()->isLoading());
    saveScreenshot(&window, QStringLiteral("connected-window"));
}

// Runs after the connection above: what it left in the settings file.
void TestAgencyConnect::settingsHoldTheUrlNeverThePassword() {
    AppSettings settings;
    QCOMPARE(settings.workspaceLocation(), url());
    QCOMPARE(settings.lastAgencyUrl(), url());
    QFile file(settings.fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains(url().toUtf8()), text.constData());
    QVERIFY2(!text.contains(kPassword.toUtf8()), text.constData());
    QVERIFY2(!text.contains("s3cret"), text.constData());
    QVERIFY2(!text.contains("not dana"), text.constData());

    // Nor can a caller put one there: a URL with a password is refused, the stored one kept.
    const QString withPassword = QStringLiteral("postgresql://dana:hunter2@db.agency.local/agency");
    QVERIFY(!settings.setWorkspaceLocation(withPassword));
    QVERIFY(!settings.setLastAgencyUrl(withPassword));
    QVERIFY(settings.sync());
    QCOMPARE(settings.workspaceLocation(), url());
    QVERIFY(file.seek(0));
    QVERIFY(!file.readAll().contains("hunter2"));
}

// At start the window opens the remembered workspace; on an agency database without a password
// from PGPASSWORD or ~/.pgpass the server asks, and the window answers with the dialog, filled
// in, asking only for the password: no error first.
void TestAgencyConnect::rememberedAgencyWorkspaceAsksOnlyForThePassword() {
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.settings().workspaceLocation(), url());
    QSignalSpy asked(window.workspaceSession(), &WorkspaceSession::passwordNeeded);
    window.openWorkspace(window.settings().workspaceLocation());
    QVERIFY(asked.wait(kOpenTimeoutMs));

    AgencyConnectDialog* dialog = window.connectDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!window.caseListView()->messageBanner()->isVisible());
    QCOMPARE(dialog->url(), url());
    QCOMPARE(dialog->messageText(),
             QStringLiteral("The server asks for the password of dana. Type it and connect."));
    QVERIFY(dialog->passwordEdit()->text().isEmpty());
    QVERIFY(dialog->connectButton()->isEnabled());
    QTRY_VERIFY(dialog->passwordEdit()->hasFocus());
    saveScreenshot(dialog, QStringLiteral("connect-dialog-password-asked"));

    QSignalSpy opened(window.workspaceSession(), &WorkspaceSession::opened);
    QTest::keyClicks(dialog->passwordEdit(), kPassword);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QVERIFY(opened.wait(kOpenTimeoutMs));
    QCOMPARE(window.actorText(), QStringLiteral("Acting as dana"));

    // Another agency database given for this start only (facecase --workspace URL): its
    // password asked the same way, and it does not replace the remembered workspace.
    auto other = m_cluster->superuserQuery(
        QStringLiteral("CREATE DATABASE agency_training OWNER %1").arg(kLogin),
        QStringLiteral("postgres"));
    QVERIFY2(other.ok(), qPrintable(other.errorMessage()));
    QString training = url();
    training.replace(QStringLiteral("/agency"), QStringLiteral("/agency_training"));
    QSignalSpy askedForTraining(window.workspaceSession(), &WorkspaceSession::passwordNeeded);
    window.openWorkspace(training);
    QVERIFY(askedForTraining.wait(kOpenTimeoutMs));
    QVERIFY(window.connectDialog());
    QCOMPARE(window.connectDialog()->url(), training);
    QTest::keyClicks(window.connectDialog()->passwordEdit(), kPassword);
    QTest::mouseClick(window.connectDialog()->connectButton(), Qt::LeftButton);
    QVERIFY(opened.wait(kOpenTimeoutMs));
    QCOMPARE(opened.last().first().toString(), training);
    QCOMPARE(AppSettings().workspaceLocation(), url());
    QCOMPARE(AppSettings().lastAgencyUrl(), training);

    // Cancelled instead, the list says why no workspace is open.
    MainWindow again;
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QSignalSpy askedAgain(again.workspaceSession(), &WorkspaceSession::passwordNeeded);
    again.openWorkspace(url());
    QVERIFY(askedAgain.wait(kOpenTimeoutMs));
    QVERIFY(again.connectDialog());
    again.connectDialog()->cancelButton()->click();
    MessageBanner* banner = again.caseListView()->messageBanner();
    QVERIFY(banner->isVisible());
    QVERIFY2(banner->text().contains(QStringLiteral("asks for the password of dana")),
             qPrintable(banner->text()));
    QCOMPARE(again.caseListView()->placeholderText(), QStringLiteral("No workspace is open."));
}

QTEST_MAIN(TestAgencyConnect)
#include "test_agency_connect.moc"
