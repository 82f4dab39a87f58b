#include "workspace/agency_connect_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include "jobs/workspace_session.h"
#include "workspace/agency_address.h"

namespace facecase::ui {

namespace {
// DatabaseConnection says "<url>: cannot connect to the PostgreSQL database (<libpq's words>);
// check … the password in PGPASSWORD or ~/.pgpass": advice for the command line. In the dialog
// the URL is in the fields and the password was typed, so the server's words are what the
// analyst needs; the whole message stays in the tooltip. Any other message is shown whole.
QString serverWords(const QString& message) {
    static const QRegularExpression refusal(
        QStringLiteral("cannot connect to the PostgreSQL database \\((.*)\\); check "));
    const auto match = refusal.match(message);
    return match.hasMatch() ? match.captured(1) : message;
}

// Core's messages start with the URL, which the dialog shows above them already.
QString withoutUrl(const QString& message, const QString& url) {
    const QString prefix = url + QStringLiteral(": ");
    if (url.isEmpty() || !message.startsWith(prefix)) return message;
    QString rest = message.mid(prefix.size());
    if (!rest.isEmpty()) rest[0] = rest[0].toUpper();
    return rest;
}

QLineEdit* lineEdit(const QString& objectName, const QString& placeholder, QWidget* parent) {
    auto* edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    return edit;
}
}  // namespace

AgencyConnectDialog::AgencyConnectDialog(WorkspaceSession* session, QWidget* parent)
    : QDialog(parent), m_session(session) {
    setObjectName(QStringLiteral("agencyConnectDialog"));
    setWindowTitle(tr("Connect to Agency Database"));

    m_server = lineEdit(QStringLiteral("serverEdit"), tr("e.g. facecase-db.agency.local"), this);
    m_server->setMinimumWidth(260);
    m_port = new QSpinBox(this);
    m_port->setObjectName(QStringLiteral("portBox"));
    m_port->setRange(1, 65535);
    m_port->setValue(PostgresAddress::kDefaultPort);
    m_port->setToolTip(tr("The server's port; PostgreSQL's usual one is %1")
                           .arg(PostgresAddress::kDefaultPort));
    auto* portLabel = new QLabel(tr("&Port:"), this);
    portLabel->setBuddy(m_port);
    auto* serverRow = new QHBoxLayout;
    serverRow->addWidget(m_server, 1);
    serverRow->addWidget(portLabel);
    serverRow->addWidget(m_port);

    m_database = lineEdit(QStringLiteral("databaseEdit"), tr("e.g. facecase"), this);
    m_login = lineEdit(QStringLiteral("loginEdit"), tr("your database login"), this);
    m_password = lineEdit(QStringLiteral("passwordEdit"), QString(), this);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setToolTip(tr("Leave empty when the password comes from PGPASSWORD, ~/.pgpass or "
                              "Kerberos; FaceCase asks if the server still wants one."));

    m_url = new QLabel(this);
    m_url->setObjectName(QStringLiteral("urlLabel"));
    m_url->setTextFormat(Qt::PlainText);
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setToolTip(tr("The same workspace for facecase-cli: --workspace URL"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Server:"), serverRow);
    form->addRow(tr("&Database:"), m_database);
    form->addRow(tr("&Login:"), m_login);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("URL:"), m_url);
    if (auto* label = qobject_cast<QLabel*>(form->labelForField(serverRow)))
        label->setBuddy(m_server);

    auto* note = new QLabel(
        tr("Your login decides who is recorded as acting: the database writes it into the audit "
           "trail and as the analyst of your verdicts. The password is used for this session "
           "only and never stored."),
        this);
    note->setObjectName(QStringLiteral("actingNote"));
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);


    m_busy = new QProgressBar(this);
    m_busy->setObjectName(QStringLiteral("connectBusy"));
    m_busy->setRange(0, 0);  // indeterminate
    m_busy->setMaximumSize(80, 14);
    m_busy->setTextVisible(false);
    m_busy->setAccessibleName(tr("Connecting"));
    m_busy->hide();
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("connectMessage"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Room for two lines whether or not there is a message, so that the fields do not jump
    // when one appears; a longer one grows the dialog (SetMinimumSize below).
    m_message->setMinimumHeight(2 * m_message->fontMetrics().lineSpacing());
    m_message->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto* messageRow = new QHBoxLayout;
    messageRow->addWidget(m_busy, 0, Qt::AlignTop | Qt::AlignLeft);
    messageRow->addWidget(m_message, 1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_connect = m_buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &AgencyConnectDialog::connectToDatabase);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &AgencyConnectDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addLayout(messageRow);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
    layout->setSizeConstraint(QLayout::SetMinimumSize);

    setTabOrder(m_server, m_port);
    setTabOrder(m_port, m_database);
    setTabOrder(m_database, m_login);
    setTabOrder(m_login, m_password);

    for (QLineEdit* edit : {m_server, m_database, m_login})
        connect(edit, &QLineEdit::textChanged, this, &AgencyConnectDialog::validate);
    connect(m_port, &QSpinBox::valueChanged, this, &AgencyConnectDialog::validate);

    // The session reports every open; the dialog answers only its own attempt.
    connect(session, &WorkspaceSession::opened, this, &AgencyConnectDialog::onOpened);
    connect(session, &WorkspaceSession::failed, this, &AgencyConnectDialog::onFailed);
    connect(session, &WorkspaceSession::passwordNeeded, this,
            [this](const QString&, const QString& message) {
                if (m_connecting) onPasswordNeeded(message);
            });
    validate();
}

QPushButton* AgencyConnectDialog::connectButton() const {
    return m_connect;
}

QPushButton* AgencyConnectDialog::cancelButton() const {
    return m_buttons->button(QDialogButtonBox::Cancel);
}

void AgencyConnectDialog::setAddress(const PostgresAddress& address) {
    const AgencyAddressFields fields = AgencyAddressFields::of(address);
    m_server->setText(fields.server);
    m_port->setValue(fields.port);
    m_database->setText(fields.database);
    m_login->setText(fields.login);
    m_password->clear();
    validate();
    (m_server->text().isEmpty() ? m_server : m_password)->setFocus();
}

void AgencyConnectDialog::askForPassword(const PostgresAddress& address, const QString& message) {
    setAddress(address);
    onPasswordNeeded(message);
}

QString AgencyConnectDialog::url() const {
    auto location = agencyLocation(
        {m_server->text(), m_port->value(), m_database->text(), m_login->text()});
    return location ? location->displayName() : QString();
}

QString AgencyConnectDialog::messageText() const {
    return m_message->text();
}

void AgencyConnectDialog::validate() {
    if (m_connecting) return;
    auto location = agencyLocation(
        {m_server->text(), m_port->value(), m_database->text(), m_login->text()});
    connectButton()->setEnabled(location.ok());
    m_url->setText(location ? location->displayName() : QString());
    if (location) {
        showMessage(Tone::Hint, QString());
    } else {
        // An empty field is only not filled in yet; anything else core refused.
        const bool missing = m_server->text().trimmed().isEmpty() ||
                             m_database->text().trimmed().isEmpty() ||
                             m_login->text().trimmed().isEmpty();
        showMessage(missing ? Tone::Hint : Tone::Error, location.errorMessage());
    }
}

void AgencyConnectDialog::showMessage(Tone tone, const QString& text, const QString& details) {
    m_message->setText(text);
    m_message->setToolTip(details);
    switch (tone) {
    case Tone::Error:
        m_message->setStyleSheet(QStringLiteral("color: #b3261e;"));  // as the Settings dialog's
        m_message->setForegroundRole(QPalette::WindowText);
        break;
    case Tone::Hint:
        m_message->setStyleSheet(QString());
        m_message->setForegroundRole(QPalette::PlaceholderText);
        break;
    case Tone::Notice:
        m_message->setStyleSheet(QString());
        m_message->setForegroundRole(QPalette::WindowText);
        break;
    }
}

void AgencyConnectDialog::connectToDatabase() {
    if (m_connecting || !m_session) return;
    auto location = agencyLocation(
        {m_server->text(), m_port->value(), m_database->text(), m_login->text()});
    if (!location) {
        validate();
        return;
    }
    QString password = m_password->text();
    // Out of the widget at once: a retry asks for it again, nothing lingers in the dialog.
    m_password->clear();
    setConnecting(true);
    showMessage(Tone::Notice, tr("Connecting\u2026"));
    m_session->open(location->displayName(), password);
    password.clear();
}

void AgencyConnectDialog::setConnecting(bool connecting) {
    m_connecting = connecting;
    for (QWidget* field : std::initializer_list<QWidget*>{m_server, m_port, m_database, m_login,
                                                          m_password})
        field->setEnabled(!connecting);
    connectButton()->setEnabled(!connecting);
    m_busy->setVisible(connecting);
    if (!connecting) validate();
}

void AgencyConnectDialog::onOpened(const QString& url) {
    if (!m_connecting) return;
    setConnecting(false);
    emit connected(url);
    QDialog::accept();
}

void AgencyConnectDialog::onFailed(const QString& message) {
    if (!m_connecting) return;
    setConnecting(false);
    showMessage(Tone::Error, withoutUrl(serverWords(message), url()), message);
    m_password->setFocus();
}

void AgencyConnectDialog::onPasswordNeeded(const QString& message) {
    if (m_connecting) setConnecting(false);
    // Not an error: the server asks, as it may for any login without a ~/.pgpass line.
    showMessage(Tone::Notice, tr("%1. Type it and connect.").arg(withoutUrl(message, url())));
    m_password->setFocus();
}

void AgencyConnectDialog::reject() {
    // Abandons an attempt in flight: the session drops its result.
    if (m_connecting && m_session) m_session->close();
    m_connecting = false;
    m_password->clear();
    QDialog::reject();
}

}  // namespace facecase::ui
