package multinode.invoke.impl;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import multinode.invoke.TaskArgs;
import multinode.invoke.InvokeException;
import multinode.invoke.TaskContext;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code verticle.deploy} and {@code verticle.undeploy}: Erlang's {@code Node.spawn(node, Module, fun, args)}
 * for verticles. Only classes in {@code invoke.verticles} can be deployed, and only deployments made this
 * way can be undeployed.
 */
final class VerticleTasks {

  private final List<String> allowed;
  private final Set<String> deployed = ConcurrentHashMap.newKeySet();

  VerticleTasks(List<String> allowed) {
    this.allowed = List.copyOf(allowed);
  }

  void registerAll(TaskRegistry registry) {
    registry.register("verticle.deploy", "deploys {\"class\":…, \"config\":{…}, \"instances\":n, \"ha\":bool} from "
      + "invoke.verticles; returns its deployment id", this::deploy);
    registry.register("verticle.undeploy", "undeploys {\"deploymentId\":…} made by verticle.deploy", this::undeploy);
  }

  private Future<JsonObject> deploy(TaskContext task) {
    String className = TaskArgs.string(task.args(), "class");
    if (!allowed.contains(className)) {
      throw InvokeException.badArgs("class: " + className + " is not in invoke.verticles on " + task.node().name());
    }
    DeploymentOptions options = new DeploymentOptions()
      .setConfig(TaskArgs.object(task.args(), "config"))
      .setInstances((int) (task.args().containsKey("instances") ? TaskArgs.integer(task.args(), "instances", 1, 64) : 1))
      .setHa(TaskArgs.flag(task.args(), "ha"));
    return task.vertx().deployVerticle(className, options).map(id -> {
      deployed.add(id);
      task.out().println("deployed " + className + " on " + task.node().name() + " as " + id);
      return new JsonObject().put("deploymentId", id).put("class", className).put("node", task.node().name());
    });
  }

  private Future<JsonObject> undeploy(TaskContext task) {
    String id = TaskArgs.string(task.args(), "deploymentId");
    if (!deployed.remove(id)) {
      throw InvokeException.badArgs("deploymentId: " + id + " was not deployed by verticle.deploy on " + task.node().name());
    }
    return task.vertx().undeploy(id).map(v -> {
      task.out().println("undeployed " + id + " on " + task.node().name());
      return new JsonObject().put("deploymentId", id).put("undeployed", true);
    });
  }
}
