//! Entry point of the browser app (built by Trunk).

fn main() {
    policy_playground_web::start();
}
