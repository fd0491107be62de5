//! The scenario loader, its checks, simulation and path search on arbitrary text: no panic, and a
//! loaded scenario's chains and searches finish.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policy_playground::findings::check_scenario;
use policy_playground::request::Context;
use policy_playground::scenario::load_scenario;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = check_scenario(text);
    let Some(scenario) = load_scenario(text).scenario else { return };
    let _ = scenario.run_checks();
    let context = Context::default();
    for from in scenario.starting_identities().iter().take(3) {
        let _ = scenario.paths_to_permission(from, "s3:GetObject", "*", &context, 3);
    }
    let _ = scenario.who_can_perform("s3:GetObject", "*", &context, 3);
    if let Some(role) = scenario.roles.first() {
        let _ = scenario.who_can_assume(&format!("{}/{}", role.account, role.name), 3);
    }
});
