//! The policies-and-requests mode's edits: the starters, policies added to and removed from
//! layers, rows typed on one line or added from the catalogue, case-file imports, and a row turned
//! into a scenario check.

use crate::case_files::import_case_file;
use crate::requests::{Layer, Row};
use crate::requests_eval::{RowResult, dialect_of, evaluate, evaluate_row, policy_set};
use crate::workspace::{DocRef, Workspace};
use policy_playground::Decision;
use policy_playground::catalog::Catalogs;
use policy_playground::document::{PolicyDocument, ResourceDocument};
use policy_playground::findings::PolicyKind;

/// A change to the mode's data.
#[derive(Debug, Clone, PartialEq)]
pub enum RequestsEdit {
    /// Show the mode (true) or the scenario.
    Show(bool),
    /// Replace the table.
    SetRows(Vec<Row>),
    /// Change row `n` (a cell typed, its expectation chosen, a key added, the row removed),
    /// applied to the table as it is when the edit arrives.
    Row(usize, RowEdit),
    /// Add an empty row asking as the last row's principal.
    AddRow,
    /// A new, empty policy in a layer, opened in the editor.
    AddPolicy(Layer),
    /// Put a policy of the workspace in a layer too.
    UsePolicy(Layer, String),
    /// Add the request typed on one line (see [`Row::typed`]), in the first blank row if any.
    AddTyped(String),
    /// Take a policy out of its layer and delete it.
    RemovePolicy(String),
    /// Add the rows of a case file (and take its policies as the layers).
    Import(String),
    /// Add a row for every action of a service (by its prefix) that the layers allow.
    AddFromCatalogue(String),
    /// Add row `n` as a check of the scenario and show the scenario.
    RowToCheck(usize),
}

/// A change to one row of the table.
#[derive(Debug, Clone, PartialEq)]
pub enum RowEdit {
    /// The principal typed.
    Principal(String),
    /// The action typed.
    Action(String),
    /// The resource typed.
    Resource(String),
    /// The expected decision chosen (`allow`, `explicit_deny`, `implicit_deny`; none: any).
    Expected(Option<String>),
    /// A context cell typed: key `key`'s name or (`value_column`) its value.
    ContextCell {
        /// The key's place in the row's context.
        key: usize,
        /// The value column (else the key's name).
        value_column: bool,
        /// The text.
        text: String,
    },
    /// A context key added.
    AddKey(String),
    /// The row removed.
    Remove,
}

/// What an edit did, for the page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EditDone {
    /// Policy texts changed other than by typing: the editor reloads.
    pub reload: bool,
    /// The document to open.
    pub open: Option<DocRef>,
    /// What to tell the person.
    pub message: Option<String>,
}

impl Workspace {
    /// Makes an edit of the mode's data: what it did, or why it did nothing.
    pub fn edit_requests(&mut self, edit: RequestsEdit, catalogs: &Catalogs) -> Result<EditDone, String> {
        let mut done = EditDone::default();
        match edit {
            RequestsEdit::Show(shown) => {
                self.requests_mut().shown = shown;
                // The mode opens on its first layer's policy, not on what the scenario showed.
                if shown {
                    done.open = self.requests().layers.entries().first().map(|(_, name)| DocRef::Library(name.clone()));
                }
            }
            RequestsEdit::SetRows(mut rows) => {
                rows.truncate(crate::requests::MAX_ROWS);
                self.requests_mut().rows = rows;
            }
            RequestsEdit::Row(n, edit) => {
                let rows = &mut self.requests_mut().rows;
                if n >= rows.len() {
                    return Err(format!("there is no request {}", n + 1));
                }
                let request = &mut rows[n].request;
                match edit {
                    RowEdit::Principal(text) => request.principal = text,
                    RowEdit::Action(text) => request.action = text,
                    RowEdit::Resource(text) => request.resource = text,
                    RowEdit::Expected(expected) => rows[n].expected = expected.filter(|e| !e.is_empty()),
                    RowEdit::ContextCell { key, value_column, text } => {
                        *request = request.with_context_cell(key, value_column, text);
                    }
                    RowEdit::AddKey(key) => *request = request.with_key(&key),
                    RowEdit::Remove => {
                        rows.remove(n);
                    }
                }
            }
            RequestsEdit::AddRow => {
                let rows = &mut self.requests_mut().rows;
                if rows.len() >= crate::requests::MAX_ROWS {
                    return Err(format!("the table holds {} requests; remove some first", crate::requests::MAX_ROWS));
                }
                let principal = rows.last().map(|r| r.request.principal.clone()).unwrap_or_default();
                rows.push(Row::new(&principal, "", ""));
            }
            RequestsEdit::AddPolicy(layer) => {
                if self.is_aliyun() && matches!(layer, Layer::Boundary | Layer::ResourceControl(_)) {
                    return Err(format!("Alibaba Cloud has no {}", layer.title().to_lowercase()));
                }
                let mut layers = self.requests().layers.clone();
                let name = self.add_policy(&layer.new_policy_name());
                if !layers.add(layer, name.clone()) {
                    self.delete_policy(&name);
                    return Err(format!("the {} holds one policy and has it already", layer.title().to_lowercase()));
                }
                self.requests_mut().layers = layers;
                done.open = Some(DocRef::Library(name));
                done.reload = true;
            }
            RequestsEdit::UsePolicy(layer, name) => {
                if self.document(&DocRef::Library(name.clone())).is_none() {
                    return Err(format!("there is no policy {name:?}"));
                }
                if self.is_aliyun() && matches!(layer, Layer::Boundary | Layer::ResourceControl(_)) {
                    return Err(format!("Alibaba Cloud has no {}", layer.title().to_lowercase()));
                }
                let mut layers = self.requests().layers.clone();
                if layers.layer_of(&name).is_some() || !layers.add(layer, name.clone()) {
                    return Err(format!(
                        "{name:?} is in a layer already, or the {} is taken",
                        layer.title().to_lowercase()
                    ));
                }
                self.requests_mut().layers = layers;
                done.open = Some(DocRef::Library(name));
            }
            RequestsEdit::AddTyped(line) => {
                let rows = &self.requests().rows;
                let principal = rows.iter().map(|r| r.request.principal.trim()).find(|p| !p.is_empty());
                let principal = principal.unwrap_or(crate::requests::default_principal(dialect_of(self))).to_string();
                let row = Row::typed(&line, &principal).ok_or("type an action, then a resource")?;
                let full = self.requests().rows.len() >= crate::requests::MAX_ROWS;
                let rows = &mut self.requests_mut().rows;
                if full && !rows.iter().any(|r| r.request.action.trim().is_empty()) {
                    return Err(format!("the table holds {} requests; remove some first", crate::requests::MAX_ROWS));
                }
                match rows.iter_mut().find(|r| r.request.action.trim().is_empty()) {
                    Some(blank) => {
                        blank.request.action = row.request.action;
                        blank.request.resource = row.request.resource;
                        if blank.request.principal.trim().is_empty() || line.split_whitespace().count() > 2 {
                            blank.request.principal = row.request.principal;
                        }
                    }
                    None => rows.push(row),
                }
            }
            RequestsEdit::RemovePolicy(name) => {
                // Deleting a library policy takes it out of the layers too.
                self.delete_policy(&name);
                done.reload = true;
            }
            RequestsEdit::Import(text) => {
                let report = import_case_file(self, &text)?;
                done.message = Some(report.summary());
                done.open = report.first_policy.map(DocRef::Library);
                done.reload = true;
            }
            RequestsEdit::AddFromCatalogue(service) => {
                let added = self.add_catalogue_rows(service.trim(), catalogs)?;
                done.message =
                    Some(format!("added {added} row(s): the actions of {} the policies allow", service.trim()));
            }
            RequestsEdit::RowToCheck(n) => {
                let name = self.row_to_check(n)?;
                done.message = Some(format!("added the check {name:?} to the scenario"));
                done.reload = true;
            }
        }
        Ok(done)
    }

    /// The policy kind of a library policy that a layer of the requests names.
    pub fn layer_kind(&self, name: &str) -> Option<PolicyKind> {
        self.requests().layers.layer_of(name).map(Layer::kind)
    }

    /// Adds a row for each action of `service` that an Allow statement of the identity or
    /// resource policies names and that the layers allow, asked as the first row's principal (on
    /// the statement's first resource); actions already in the table are passed over. Returns how
    /// many rows it added.
    fn add_catalogue_rows(&mut self, service: &str, catalogs: &Catalogs) -> Result<usize, String> {
        let dialect = dialect_of(self);
        let catalog = catalogs
            .get(dialect)
            .ok_or("the action catalogue is not loaded yet (it loads when the page opens); try again in a moment")?;
        let Some(svc) = catalog.service(service) else {
            let hint =
                catalog.did_you_mean_service(service).map(|s| format!("; did you mean {s}?")).unwrap_or_default();
            return Err(format!("the catalogue has no service {service:?}{hint}"));
        };
        let set = policy_set(self, &self.requests().layers).map_err(|e| e.to_string())?;
        let rows = &self.requests().rows;
        let principal = rows
            .iter()
            .map(|r| r.request.principal.trim())
            .find(|p| !p.is_empty())
            .unwrap_or(crate::requests::default_principal(dialect))
            .to_string();
        let granting = set.identity.iter().chain(set.resource.iter()).flat_map(|p| p.statements.iter());
        let mut new_rows: Vec<Row> = Vec::new();
        for st in granting.filter(|s| s.body.effect == policy_playground::ast::Effect::Allow && !s.body.action.negated)
        {
            let resource = st.body.resource.as_ref().filter(|r| !r.negated).and_then(|r| r.items.first());
            let resource = resource.map_or("*", |i| i.text.as_str());
            for item in &st.body.action.items {
                let (prefix, name) = item.text.split_once(':').unwrap_or(("*", item.text.as_str()));
                if prefix != "*" && !prefix.eq_ignore_ascii_case(&svc.key) {
                    continue;
                }
                for action in svc.matching_actions(name) {
                    let full = format!("{}:{}", svc.key, action.name);
                    let taken = |r: &Row| r.request.action.trim().eq_ignore_ascii_case(&full);
                    if rows.iter().any(taken) || new_rows.iter().any(taken) {
                        continue;
                    }
                    let row = Row::new(&principal, &full, resource);
                    if evaluate_row(&set, &row, dialect, catalogs).decision == Decision::Allow {
                        new_rows.push(row);
                    }
                }
            }
        }
        new_rows.truncate(crate::requests::MAX_ROWS.saturating_sub(rows.len()));
        let added = new_rows.len();
        let requests = self.requests_mut();
        requests.rows.retain(|r| r.request.action.trim() != "" || r.request.resource.trim() != "");
        requests.rows.extend(new_rows);
        Ok(added)
    }

    /// Adds row `n` to the scenario as a check of its own and shows the scenario: the caller (a
    /// user or role of the row's principal, in its account, made when missing) gets the identity
    /// policies and the first permissions boundary, a resource policy goes on the row's resource.
    /// Returns the check's name. Session and control policies stay in this mode: the scenario
    /// gives them through its chains and organization.
    pub fn row_to_check(&mut self, n: usize) -> Result<String, String> {
        let row = self.requests().rows.get(n).cloned().ok_or("there is no such row")?;
        let expected = match row.expected_decision() {
            Some(d) => d,
            None => evaluate(self, &Catalogs::none())
                .rows
                .get(n)
                .and_then(RowResult::decision)
                .ok_or("fill in the row's principal and action, and fix the policies, first")?,
        };
        let layers = self.requests().layers.clone();
        let dialect = dialect_of(self);
        let principal = row.request.principal.trim();
        let caller = policy_playground::scenario::split_user_reference(principal, dialect)
            .map(|(a, n)| (a, n, false))
            .or_else(|| {
                policy_playground::scenario::split_role_reference(principal, dialect).map(|(a, n)| (a, n, true))
            })
            .or_else(|| assumed_role(principal).map(|(a, n)| (a, n, true)));
        let (account, name, is_role) = caller.ok_or_else(|| {
            format!("{principal:?} is not a user, role or role session ARN; a scenario check starts from one of those")
        })?;
        let existing = self.scenario().checks.iter().flatten().map(|c| c.name.clone()).collect::<Vec<_>>();
        let check_name = (1..)
            .map(|i| if i == 1 { row.label() } else { format!("{} ({i})", row.label()) })
            .find(|c| !existing.contains(c))
            .expect("some name is free");
        let mut check =
            crate::author::check_from_request(&row.request, &check_name, expected).map_err(|e| e.to_string())?;
        if is_role && assumed_role(principal).is_none() {
            // A scenario check starts from a role's session, not from the role.
            check.from = Some(format!(
                "{}/playground",
                principal.replacen(":iam::", ":sts::", 1).replacen(":ram::", ":sts::", 1).replacen(
                    ":role/",
                    ":assumed-role/",
                    1
                )
            ));
        }
        if !self.accounts().iter().any(|(id, _)| *id == account) {
            self.scenario_mut()
                .accounts
                .get_or_insert_with(Vec::new)
                .push(policy_playground::document::AccountDocument { id: account.clone(), name: None });
        }
        let boundary = layers.boundaries.first().cloned();
        let s = self.scenario();
        if is_role {
            if !s.roles.iter().flatten().any(|r| r.account == account && r.name == name) {
                self.add_role(&account, &name);
            }
            let s = self.scenario_mut();
            if let Some(r) = s.roles.iter_mut().flatten().find(|r| r.account == account && r.name == name) {
                merge(r.policies.get_or_insert_with(Vec::new), &layers.identity);
                r.permissions_boundary = boundary.or(r.permissions_boundary.take());
            }
        } else {
            if !s.users.iter().flatten().any(|u| u.account == account && u.name == name) {
                self.add_user(&account, &name);
            }
            let s = self.scenario_mut();
            if let Some(u) = s.users.iter_mut().flatten().find(|u| u.account == account && u.name == name) {
                merge(u.policies.get_or_insert_with(Vec::new), &layers.identity);
                u.permissions_boundary = boundary.or(u.permissions_boundary.take());
            }
        }
        if let Some(resource_policy) = &layers.resource {
            let text = self.document(&DocRef::Library(resource_policy.clone())).map(|d| d.text);
            let arn = row.resource().to_string();
            let s = self.scenario_mut();
            let resources = s.resources.get_or_insert_with(Vec::new);
            if let Some(text) = text
                && !resources.iter().any(|r| r.arn == arn)
            {
                resources.push(ResourceDocument {
                    account: None,
                    arn,
                    kind: None,
                    policy: Some(PolicyDocument::Text(text)),
                });
            }
        }
        self.add_check(check).map_err(|e| e.to_string())?;
        self.requests_mut().shown = false;
        Ok(check_name)
    }
}

/// The (account, role) of a role session ARN (`arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`,
/// `acs:sts::ACCOUNT:assumed-role/ROLE/SESSION`).
fn assumed_role(principal: &str) -> Option<(String, String)> {
    let (head, resource) = principal.rsplit_once(':')?;
    let account = head.rsplit(':').next()?;
    let (role, _session) = resource.strip_prefix("assumed-role/")?.split_once('/')?;
    let plausible = !account.is_empty() && account.bytes().all(|b| b.is_ascii_digit()) && !role.is_empty();
    plausible.then(|| (account.to_string(), role.to_string()))
}

/// Adds the names of `more` that `list` lacks.
fn merge(list: &mut Vec<String>, more: &[String]) {
    for name in more {
        if !list.contains(name) {
            list.push(name.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requests::*;
    use crate::requests_eval::*;
    use policy_playground::Dialect;
    use policy_playground::catalog::Catalog;
    use policy_playground::diagnostic::{Diagnostic, Severity};

    const S3_READ: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "ReadBucket", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::bucket/*"}
  ]
}"#;

    fn aws_catalogs() -> Catalogs {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../crates/lint/src/catalog/aws.txt"))
                .expect("the AWS catalogue is in the repository");
        Catalogs::none().with(Catalog::parse(&text, Dialect::Aws).expect("the AWS catalogue parses"))
    }

    /// The AWS starter with its identity policy set to `text` and one row.
    fn s3_workspace(text: &str, action: &str, resource: &str) -> Workspace {
        let mut w = Workspace::example("aws-policies-and-requests").expect("the AWS starter exists");
        let name = w.requests().layers.identity[0].clone();
        assert!(w.set_text(&DocRef::Library(name), text));
        w.requests_mut().rows = vec![Row::new("arn:aws:iam::111111111111:user/alice", action, resource)];
        w
    }

    fn decision(result: &RequestsResult, row: usize) -> Option<Decision> {
        result.rows[row].decision()
    }

    #[test]
    fn the_s3_read_test_is_allowed_by_the_named_statement() {
        let w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        let result = evaluate(&w, &Catalogs::none());
        let e = result.rows[0].evaluation().expect("evaluated");
        assert_eq!(e.decision, Decision::Allow);
        assert_eq!(e.decisive[0].policy, "identity policy");
        assert_eq!(e.decisive[0].sid.as_deref(), Some("ReadBucket"));
        // The span is the statement's place in the editor's text.
        let span = e.decisive[0].span;
        assert!(S3_READ[span.start..span.end].starts_with("{\"Sid\": \"ReadBucket\""));
    }

    #[test]
    fn expectations_pass_and_fail() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        let mut other = Row::new("arn:aws:iam::111111111111:user/alice", "s3:PutObject", "arn:aws:s3:::bucket/key");
        other.expected = Some("allow".into());
        w.requests_mut().rows[0].expected = Some("allow".into());
        w.requests_mut().rows.push(other);
        w.requests_mut().rows.push(Row::new("", "s3:GetObject", ""));
        let result = evaluate(&w, &Catalogs::none());
        assert_eq!(result.rows[0].passed(), Some(true));
        assert_eq!(result.rows[1].passed(), Some(false));
        assert_eq!(decision(&result, 1), Some(Decision::ImplicitDeny));
        assert!(matches!(result.rows[2].outcome, RowOutcome::Incomplete("a principal")));
        assert_eq!(result.tally(), (1, 2));
    }

    #[test]
    fn every_layer_takes_part() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        w.edit_requests(RequestsEdit::AddPolicy(Layer::Control(0)), &Catalogs::none()).expect("adds an SCP");
        let scp = w.requests().layers.control[0][0].clone();
        let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#;
        assert!(w.set_text(&DocRef::Library(scp.clone()), deny));
        let e = evaluate(&w, &Catalogs::none()).rows[0].evaluation().cloned().expect("evaluated");
        assert_eq!(e.decision, Decision::ExplicitDeny);
        assert_eq!(e.decisive[0].policy, scp);
        // Removing the SCP deletes it and its level.
        w.edit_requests(RequestsEdit::RemovePolicy(scp.clone()), &Catalogs::none()).expect("removes");
        assert!(w.requests().layers.control.is_empty());
        assert!(w.document(&DocRef::Library(scp)).is_none());
        assert_eq!(decision(&evaluate(&w, &Catalogs::none()), 0), Some(Decision::Allow));
        // A boundary that does not grant S3 caps the identity policy.
        w.edit_requests(RequestsEdit::AddPolicy(Layer::Boundary), &Catalogs::none()).expect("adds a boundary");
        assert_eq!(decision(&evaluate(&w, &Catalogs::none()), 0), Some(Decision::ImplicitDeny));
        // One resource policy only.
        w.edit_requests(RequestsEdit::AddPolicy(Layer::Resource), &Catalogs::none()).expect("adds one");
        assert!(w.edit_requests(RequestsEdit::AddPolicy(Layer::Resource), &Catalogs::none()).is_err());
    }

    #[test]
    fn a_broken_policy_blocks_every_row_with_its_position() {
        let w = s3_workspace(
            "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [ {\"Effect\": \"Allow\" \"Action\": \"*\"} ]\n}",
            "s3:GetObject",
            "*",
        );
        let result = evaluate(&w, &Catalogs::none());
        let RowOutcome::Blocked(why) = &result.rows[0].outcome else { panic!("{:?}", result.rows[0].outcome) };
        assert!(why.starts_with("identity policy has an error at line 3, column "), "{why}");
    }

    #[test]
    fn renaming_or_deleting_a_policy_in_the_scenario_follows_in_the_layers() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        w.rename_policy("identity policy", "reader");
        assert_eq!(w.requests().layers.identity, vec!["reader".to_string()]);
        assert_eq!(evaluate(&w, &Catalogs::none()).rows[0].decision(), Some(Decision::Allow));
        w.delete_policy("reader");
        assert!(w.requests().layers.identity.is_empty());
        assert_eq!(evaluate(&w, &Catalogs::none()).rows[0].decision(), Some(Decision::ImplicitDeny));
    }

    #[test]
    fn a_policy_the_layers_name_but_the_workspace_lacks_is_reported() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "*");
        w.requests_mut().layers.identity.push("gone".into());
        let RowOutcome::Blocked(why) = &evaluate(&w, &Catalogs::none()).rows[0].outcome else { panic!() };
        assert!(why.contains("\"gone\""), "{why}");
    }

    #[test]
    fn the_workspace_file_carries_the_mode_and_leaves_it_out_when_empty() {
        let w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        let text = serde_json::to_string(&w).expect("serializes");
        let back: Workspace = serde_json::from_str(&text).expect("reads back");
        assert_eq!(back, w);
        assert!(back.requests().shown);
        let plain = serde_json::to_string(&Workspace::example("aws-backup").expect("example")).expect("serializes");
        assert!(!plain.contains("\"requests\""));
    }

    #[test]
    fn export_then_import_gives_the_same_rows_and_policies() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        w.requests_mut().rows[0].expected = Some("allow".into());
        w.requests_mut().rows[0].request.context = vec![("aws:SourceIp".into(), "10.0.0.1".into())];
        w.edit_requests(RequestsEdit::AddPolicy(Layer::Control(0)), &Catalogs::none()).expect("adds an SCP");
        let file = w.requests().to_case_file(&w);
        // The CLI's reader takes it, with the same decision.
        let results =
            policy_playground::api::evaluate_with(&file, Default::default(), &Catalogs::none()).expect("a case file");
        // (An SCP with no statements allows nothing, here as in the CLI.)
        assert_eq!(Some(results.cases[0].decision), decision(&evaluate(&w, &Catalogs::none()), 0));
        assert_eq!(results.cases[0].decision, Decision::ImplicitDeny);
        let mut fresh = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut fresh, &file).expect("imports");
        assert_eq!((report.added, report.bad.len()), (1, 0));
        assert_eq!(fresh.requests().rows, w.requests().rows);
        assert_eq!(fresh.requests().layers, w.requests().layers);
        let text = |w: &Workspace| w.document(&DocRef::Library("identity policy".into())).map(|d| d.text);
        assert_eq!(text(&fresh), text(&w));
    }

    #[test]
    fn importing_a_file_with_a_bad_case_keeps_the_others() {
        let file = r#"[
  {"name": "reads", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject", "resource": "arn:aws:s3:::b/k"},
   "identity_policies": [{"name": "reader", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
   "expected": "allow"},
  {"name": "broken", "request": {"principal": "arn:aws:iam::111111111111:user/a", "acton": "s3:PutObject"}},
  {"name": "writes", "request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:PutObject", "resource": "arn:aws:s3:::b/k"},
   "identity_policies": [{"name": "reader", "document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}}],
   "expected": "implicit_deny"}
]"#;
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut w, file).expect("imports");
        assert_eq!(report.added, 2);
        assert_eq!(report.bad.len(), 1);
        let bad = &report.bad[0];
        let span = bad.error.span();
        assert_eq!((bad.name.as_str(), span.line, span.column), ("broken", 5, 83), "{bad}");
        assert!(report.summary().contains("broken (line 5, column 83)"), "{}", report.summary());
        assert_eq!(w.requests().layers.identity, vec!["reader".to_string()]);
        let result = evaluate(&w, &Catalogs::none());
        assert_eq!(result.tally(), (2, 2));
        // A syntax error inside one case keeps the others too.
        let broken = file.replace(r#""acton": "s3:PutObject""#, r#""action": "s3:PutObject" "#).replace("\"resource\": \"arn:aws:s3:::b/k\"},\n   \"identity_policies\": [{\"name\": \"reader\", \"document\": {\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}}],\n   \"expected\": \"implicit_deny\"", "\"resource\": \"x\" \"y\"}");
        assert!(serde_json::from_str::<serde_json::Value>(&broken).is_err(), "not JSON as a whole");
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut w, &broken).expect("imports");
        assert_eq!((report.added, report.bad.len()), (2, 1), "{}", report.summary());
        // Not a case file at all: an error with its position.
        let err = import_case_file(&mut w, "[1, 2").expect_err("not JSON");
        assert!(err.contains("line 1, column "), "{err}");
    }

    #[test]
    fn the_cli_example_imports_and_every_case_meets_its_expectation() {
        let text = include_str!("../../../examples/hbr-assume-role.json");
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut w, text).expect("imports");
        assert!(report.bad.is_empty());
        assert!(w.is_aliyun());
        let cli = policy_playground::api::evaluate(text, Default::default()).expect("the example reads");
        let result = evaluate(&w, &Catalogs::builtin());
        assert_eq!(result.rows.len(), cli.cases.len());
        for (row, case) in result.rows.iter().zip(&cli.cases) {
            assert_eq!(row.decision(), Some(case.decision), "{}", case.name);
        }
        // Its trust policy is checked as a resource policy, not as an identity policy.
        let trust = w.requests().layers.resource.clone().expect("a resource policy");
        assert_eq!(w.layer_kind(&trust), Some(PolicyKind::Resource));
        let doc = crate::editor::EditorDoc::of(&w, &DocRef::Library(trust)).expect("a document");
        assert!(
            doc.findings(Some(Dialect::Aliyun), &Catalogs::builtin()).iter().all(|f| f.severity != Severity::Error)
        );
    }

    #[test]
    fn rows_from_the_catalogue_are_the_actions_the_policies_allow() {
        let mut w = s3_workspace(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "arn:aws:s3:::bucket/*"},
               {"Effect": "Deny", "Action": "s3:GetObjectAcl", "Resource": "*"}]}"#,
            "",
            "",
        );
        let catalogs = aws_catalogs();
        let added = w.add_catalogue_rows("s3", &catalogs).expect("adds");
        let actions: Vec<&str> = w.requests().rows.iter().map(|r| r.request.action.as_str()).collect();
        assert_eq!(actions.len(), added);
        assert!(actions.contains(&"s3:GetObject"), "{actions:?}");
        assert!(!actions.contains(&"s3:GetObjectAcl"), "denied");
        assert!(actions.iter().all(|a| a.starts_with("s3:Get")), "{actions:?}");
        assert!(evaluate(&w, &catalogs).rows.iter().all(|r| r.decision() == Some(Decision::Allow)));
        assert!(w.add_catalogue_rows("s4", &catalogs).expect_err("no such service").contains("did you mean s3"));
        assert!(w.add_catalogue_rows("s3", &Catalogs::none()).is_err());
    }

    #[test]
    fn a_row_becomes_a_scenario_check_with_the_same_decision() {
        let mut w = s3_workspace(S3_READ, "s3:GetObject", "arn:aws:s3:::bucket/key");
        let name = w.row_to_check(0).expect("a check");
        assert!(!w.requests().shown);
        let results = policy_playground::api::simulate(&w.to_scenario_text(), None).expect("the scenario loads");
        let run = results.checks.iter().find(|c| c.name == name).expect("the check runs");
        assert_eq!(run.chain.decision, Decision::Allow);
        assert!(run.passed);
        // A role session's row, twice: the second check gets a name of its own.
        w.requests_mut().rows[0].request.principal = "arn:aws:sts::111111111111:assumed-role/app/s1".into();
        w.requests_mut().rows[0].expected = Some("implicit_deny".into());
        let second = w.row_to_check(0).expect("a check");
        assert_ne!(second, name);
        let results = policy_playground::api::simulate(&w.to_scenario_text(), None).expect("the scenario loads");
        let run = results.checks.iter().find(|c| c.name == second).expect("the check runs");
        assert_eq!(run.chain.decision, Decision::Allow, "the role has the identity policy");
        // Not a user or a role.
        w.requests_mut().rows[0].request.principal = "backup.amazonaws.com".into();
        assert!(w.row_to_check(0).is_err());
    }

    #[test]
    fn a_typed_request_fills_the_blank_row() {
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let name = w.requests().layers.identity[0].clone();
        w.set_text(&DocRef::Library(name), S3_READ);
        let typed = RequestsEdit::AddTyped("  s3:GetObject   arn:aws:s3:::bucket/key ".into());
        w.edit_requests(typed, &Catalogs::none()).expect("adds");
        assert_eq!(
            w.requests().rows,
            vec![Row::new("arn:aws:iam::111111111111:user/alice", "s3:GetObject", "arn:aws:s3:::bucket/key")]
        );
        let typed =
            RequestsEdit::AddTyped("s3:PutObject arn:aws:s3:::bucket/key arn:aws:iam::111111111111:user/bob".into());
        w.edit_requests(typed, &Catalogs::none()).expect("adds");
        assert_eq!(w.requests().rows[1].request.principal, "arn:aws:iam::111111111111:user/bob");
        let result = evaluate(&w, &Catalogs::none());
        assert_eq!((decision(&result, 0), decision(&result, 1)), (Some(Decision::Allow), Some(Decision::ImplicitDeny)));
        assert!(w.edit_requests(RequestsEdit::AddTyped("   ".into()), &Catalogs::none()).is_err());
        // A policy of the workspace joins a layer once.
        let other = w.add_policy("shared");
        w.edit_requests(RequestsEdit::UsePolicy(Layer::Session, other.clone()), &Catalogs::none()).expect("uses");
        assert_eq!(w.requests().layers.session.as_deref(), Some("shared"));
        assert!(w.edit_requests(RequestsEdit::UsePolicy(Layer::Identity, other), &Catalogs::none()).is_err());
        // A session policy with no statements allows nothing.
        assert_eq!(decision(&evaluate(&w, &Catalogs::none()), 0), Some(Decision::ImplicitDeny));
    }

    #[test]
    fn a_huge_case_file_fills_the_table_up_to_its_limit() {
        let case = r#"{"request": {"principal": "arn:aws:iam::111111111111:user/a", "action": "s3:GetObject"}}"#;
        let file = format!("[{}]", vec![case; crate::requests::MAX_ROWS + 5].join(","));
        let mut w = Workspace::example("aws-policies-and-requests").expect("starter");
        let report = import_case_file(&mut w, &file).expect("imports");
        assert_eq!(report.added, crate::requests::MAX_ROWS);
        assert_eq!(w.requests().rows.len(), crate::requests::MAX_ROWS);
        assert!(report.summary().contains("Only 1000 of the 1005 readable cases were added"), "{}", report.summary());
        let typed = w.edit_requests(RequestsEdit::AddTyped("s3:PutObject".into()), &Catalogs::none());
        assert!(typed.expect_err("full").contains("holds 1000 requests"));
    }
}
