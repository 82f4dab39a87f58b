#pragma once

#include <QDialog>
#include <QPointer>

#include "store/postgres_address.h"

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace facecase::ui {

class WorkspaceSession;

// File ▸ Connect to Agency Database…: server, port, database and login of the agency's
// PostgreSQL workspace, and the password. The fields build the URL through agencyLocation()
// (core's refusal shown inline; Connect disabled until they are valid); Connect hands the URL
// and the password to WorkspaceSession::open, which connects off the GUI thread while the
// dialog shows a busy bar and stays responsive (Cancel abandons the attempt). A refusal (wrong
// password, unknown database, server down) shows in the dialog and the analyst corrects and
// connects again; when the workspace opens the dialog says connected() and closes.
//
// The password is never stored: not in settings, not in a member. The field is emptied as soon
// as the attempt starts (the session keeps the typed copy in memory for the workspace's later
// connections, PostgresAddress::password), so a retry asks for it again. Connecting with an
// empty password leaves it to PGPASSWORD, ~/.pgpass or Kerberos; if the server still wants one
// the dialog asks for it (askForPassword()).
//
// Opening it replaces nothing: only Connect closes the workspace the window had open.
class AgencyConnectDialog : public QDialog {
    Q_OBJECT

public:
    // `session` must outlive the dialog.
    explicit AgencyConnectDialog(WorkspaceSession* session, QWidget* parent = nullptr);

    // Fills the address fields (a URL given, or the one last connected to); the password stays
    // empty.
    void setAddress(const PostgresAddress& address);
    // The server wants the password of this address's login (WorkspaceSession::passwordNeeded):
    // the fields filled from it, `message` shown as a notice, the password field focused.
    void askForPassword(const PostgresAddress& address, const QString& message);

    // The URL the fields name (no password), or empty while they do not name one.
    QString url() const;
    // The inline line under the fields: what is wrong with them, the server's refusal, or what
    // the dialog is doing.
    QString messageText() const;
    bool isConnecting() const { return m_connecting; }

    QLineEdit* serverEdit() const { return m_server; }
    QSpinBox* portBox() const { return m_port; }
    QLineEdit* databaseEdit() const { return m_database; }
    QLineEdit* loginEdit() const { return m_login; }
    QLineEdit* passwordEdit() const { return m_password; }
    QPushButton* connectButton() const;
    QPushButton* cancelButton() const;

public slots:
    void connectToDatabase();
    void reject() override;

signals:
    // The workspace at `url` is open in the session (the URL has no password).
    void connected(const QString& url);

private:
    enum class Tone { Hint, Error, Notice };

    void validate();
    void showMessage(Tone tone, const QString& text, const QString& details = {});
    void setConnecting(bool connecting);
    void onOpened(const QString& url);
    void onFailed(const QString& message);
    void onPasswordNeeded(const QString& message);

    QPointer<WorkspaceSession> m_session;
    QLineEdit* m_server = nullptr;
    QSpinBox* m_port = nullptr;
    QLineEdit* m_database = nullptr;
    QLineEdit* m_login = nullptr;
    QLineEdit* m_password = nullptr;
    QLabel* m_url = nullptr;
    QProgressBar* m_busy = nullptr;
    QLabel* m_message = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_connect = nullptr;
    bool m_connecting = false;
};

}  // namespace facecase::ui
