package dev.tern.sync;

import dev.tern.model.InvalidInputException;
import dev.tern.protocol.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The nodes of one tern server, as a profile keeps them: URLs separated by commas, tried in turn.
 * As an {@link ServerLink.Opener} it opens a link to the first node that answers, starting with the
 * one that served last; a node whose link breaks is moved past, so the next open (the watcher's
 * reconnect, the next attempt of {@link #run}) goes to the next node. Every node of one server
 * shares its database, so a round continues on any of them from the replica's cursor.
 */
public final class ServerList implements ServerLink.Opener {
  private final ServerLink.Opener opener;

  /** The index of the node to try first; moves on when a node fails. */
  private volatile int preferred;

  public ServerList(ServerLink.Opener opener) {
    this.opener = opener;
  }

  /**
   * The URLs of a list written as {@code URL[,URL...]}, each checked. Throws InvalidInputException
   * for an empty list or a malformed URL.
   */
  public static List<String> parse(String urls) {
    List<String> list = new ArrayList<>();
    for (String part : urls.split(",")) {
      String url = part.strip();
      if (!url.isEmpty()) {
        ServerConnection.parse(url);
        if (!list.contains(url)) {
          list.add(url);
        }
      }
    }
    if (list.isEmpty()) {
      throw new InvalidInputException("no server URL given");
    }
    return list;
  }

  /** The list as a profile keeps it: the URLs joined by commas. */
  public static String format(List<String> urls) {
    return String.join(",", urls);
  }

  /**
   * A link to the first node of {@code urls} that accepts a connection, starting with the preferred
   * one. Throws SyncException (UNREACHABLE) when none does, with the last node's reason.
   */
  @Override
  public ServerLink open(String urls) {
    List<String> list = parse(urls);
    SyncException last = null;
    int start = preferred;
    for (int attempt = 0; attempt < list.size(); attempt++) {
      int index = (start + attempt) % list.size();
      try {
        ServerLink link = opener.open(list.get(index));
        preferred = index;
        return new Watched(link, index, list.size());
      } catch (SyncException e) {
        if (e.reason() != SyncException.Reason.UNREACHABLE) {
          throw e;
        }
        last = e;
      }
    }
    throw list.size() == 1
        ? last
        : new SyncException(
            SyncException.Reason.UNREACHABLE,
            "no server answered (" + list.size() + " tried): " + last.getMessage());
  }

  /**
   * Runs {@code work} on a link, moving to the next node when the link is lost, until it completes
   * or every node has failed once since the last that worked. A refusal ends it at once: another
   * node of the same server would refuse too. The work must be safe to start over on a new link (a
   * sync round is: every step commits before the next message).
   */
  public <T> T run(String urls, Function<ServerLink, T> work) {
    int nodes = parse(urls).size();
    SyncException last = null;
    for (int attempt = 0; attempt < nodes; attempt++) {
      ServerLink link = open(urls);
      try (link) {
        return work.apply(link);
      } catch (SyncException e) {
        if (e.reason() != SyncException.Reason.UNREACHABLE) {
          throw e;
        }
        // Also when the node stopped answering without the link breaking (a timeout).
        Watched watched = (Watched) link;
        failed(watched.index, watched.size);
        last = e;
      }
    }
    throw last;
  }

  /** Moves past a node whose link failed, unless another link already moved on. */
  private synchronized void failed(int index, int size) {
    if (preferred == index) {
      preferred = (index + 1) % size;
    }
  }

  /** A link that tells the list when it breaks. */
  private final class Watched implements ServerLink {
    private final ServerLink link;
    private final int index;
    private final int size;

    Watched(ServerLink link, int index, int size) {
      this.link = link;
      this.index = index;
      this.size = size;
    }

    @Override
    public void send(Message message) {
      try {
        link.send(message);
      } catch (SyncException e) {
        noteLost(e);
        throw e;
      }
    }

    @Override
    public Message receive(Duration timeout) {
      try {
        return link.receive(timeout);
      } catch (SyncException e) {
        noteLost(e);
        throw e;
      }
    }

    private void noteLost(SyncException e) {
      if (e.reason() == SyncException.Reason.UNREACHABLE) {
        failed(index, size);
      }
    }

    @Override
    public void close() {
      link.close();
    }
  }
}
